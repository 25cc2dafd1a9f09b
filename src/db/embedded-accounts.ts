import type { Connection } from 'mysql2/promise';

/**
 * The accounts of the private MariaDB server, brought to one known state at every start (so data folders made by
 * older versions are fixed in place): the OS user that owns the data folder administers it through the unix socket
 * and nobody else can; root and anonymous accounts are gone; the shop's account works on its own database only.
 */

/** What the shop needs on its database: the app's statements and its migrations, nothing server-wide. */
const SHOP_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'INDEX',
  'REFERENCES',
  'CREATE TEMPORARY TABLES',
  'LOCK TABLES',
].join(', ');

export interface AccountPlan {
  /** The OS user that owns the data folder; becomes `<admin>@localhost`, identified via unix_socket only. */
  admin: string;
  shopUser: string;
  shopPassword: string;
  /** Database names or LIKE patterns the shop's account may use; the first is its own. */
  databases: string[];
}

export interface AccountRow {
  user: string;
  host: string;
  plugin: string;
  secret: string;
  locked: boolean;
  role: boolean;
}

/** Every account and role with how it authenticates; needs read access to mysql.global_priv. */
export async function listAccounts(connection: Connection): Promise<AccountRow[]> {
  const [rows] = await connection.query(
    `SELECT user, host,
       COALESCE(JSON_VALUE(priv, '$.plugin'), 'mysql_native_password') AS plugin,
       COALESCE(JSON_VALUE(priv, '$.authentication_string'), '') AS secret,
       COALESCE(JSON_EXTRACT(priv, '$.account_locked'), 'false') = 'true' AS locked,
       COALESCE(JSON_EXTRACT(priv, '$.is_role'), 'false') = 'true' AS role
     FROM mysql.global_priv`,
  );
  return (rows as Record<string, unknown>[]).map((row) => ({
    user: String(row.user),
    host: String(row.host),
    plugin: String(row.plugin),
    secret: String(row.secret),
    locked: Number(row.locked) === 1,
    role: Number(row.role) === 1,
  }));
}

/** An account anyone can log in to by naming it: a password plugin with an empty password, not locked. */
export function hasNoPassword(account: AccountRow): boolean {
  const passwordPlugin = ['mysql_native_password', 'mysql_old_password', 'ed25519', ''].includes(
    account.plugin,
  );
  return !account.role && !account.locked && passwordPlugin && account.secret === '';
}

/** Brings the accounts to the plan; safe to run any number of times, over a connection with full rights. */
export async function hardenAccounts(connection: Connection, plan: AccountPlan): Promise<void> {
  const q = (value: string) => connection.escape(value);
  const admin = `${q(plan.admin)}@'localhost'`;
  await connection.query(`CREATE USER IF NOT EXISTS ${admin} IDENTIFIED VIA unix_socket`);
  await connection.query(`ALTER USER ${admin} IDENTIFIED VIA unix_socket ACCOUNT UNLOCK`);
  await connection.query(`GRANT ALL PRIVILEGES ON *.* TO ${admin} WITH GRANT OPTION`);

  const shopHosts = ['localhost', '127.0.0.1'];
  for (const account of await listAccounts(connection)) {
    const keep =
      (account.user === plan.admin && account.host === 'localhost') ||
      (account.user === plan.shopUser && shopHosts.includes(account.host));
    if (keep || account.role) continue;
    const name = `${q(account.user)}@${q(account.host)}`;
    // The install makes root and anonymous accounts without passwords; the shop has no use for any of them.
    if (account.user === 'root' || account.user === '') await connection.query(`DROP USER ${name}`);
    else if (hasNoPassword(account)) await connection.query(`ALTER USER ${name} ACCOUNT LOCK`);
  }

  const [own] = plan.databases;
  await connection.query(
    `CREATE DATABASE IF NOT EXISTS \`${own}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  for (const host of shopHosts) {
    const shop = `${q(plan.shopUser)}@${q(host)}`;
    await connection.query(`CREATE USER IF NOT EXISTS ${shop} IDENTIFIED BY ${q(plan.shopPassword)}`);
    await connection.query(`ALTER USER ${shop} IDENTIFIED BY ${q(plan.shopPassword)} ACCOUNT UNLOCK`);
    // Older versions granted ALL ON *.* WITH GRANT OPTION; start from nothing and give back only what is needed.
    await connection.query(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${shop}`);
    for (const database of plan.databases) {
      await connection.query(
        `GRANT ${SHOP_PRIVILEGES} ON \`${database.replaceAll('`', '``')}\`.* TO ${shop}`,
      );
    }
  }
}
