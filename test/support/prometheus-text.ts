/**
 * Parses Prometheus's text exposition format (0.0.4) strictly: every line must be a HELP or TYPE comment or a
 * sample whose name, labels and value follow the grammar; each family's TYPE comes before its samples and is
 * declared once; a histogram's buckets are cumulative and end with +Inf equal to its _count.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABEL = `${LABEL_NAME}=${LABEL_VALUE}`;
// Prometheus reads values with Go's ParseFloat: Inf and NaN in any letter case.
const VALUE = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?(?:inf|infinity)|nan';
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL}(?:,${LABEL})*,?)?)\\})? (${VALUE})(?: -?\\d+)?$`,
  'i',
);
const LABELS = new RegExp(`(${LABEL_NAME})=(${LABEL_VALUE})`, 'g');
const HELP = new RegExp(`^# HELP ${NAME} .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created'];

export function parsePrometheusStrict(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [index, line] of text.slice(0, -1).split('\n').entries()) {
    const where = `line ${index + 1} "${line}"`;
    if (line === '') continue;
    const type = TYPE.exec(line);
    if (type) {
      if (types.has(type[1] as string)) throw new Error(`${where}: family declared twice`);
      types.set(type[1] as string, type[2] as string);
      continue;
    }
    if (HELP.test(line)) continue;
    if (line.startsWith('#')) throw new Error(`${where}: unknown comment`);
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`${where}: not a valid sample`);
    const name = sample[1] as string;
    const family = [name, ...SUFFIXES.filter((s) => name.endsWith(s)).map((s) => name.slice(0, -s.length))];
    if (!family.some((candidate) => types.has(candidate)))
      throw new Error(`${where}: sample before its TYPE`);
    const labels: Record<string, string> = {};
    for (const [, key, quoted] of (sample[2] ?? '').matchAll(LABELS)) {
      if (key === undefined || quoted === undefined) continue;
      if (key in labels) throw new Error(`${where}: label ${key} twice`);
      labels[key] = JSON.parse(quoted) as string;
    }
    const raw = sample[3] as string;
    const value = /inf/i.test(raw) ? (raw.startsWith('-') ? -Infinity : Infinity) : Number(raw);
    samples.push({ name, labels, value });
  }
  checkHistograms({ types, samples });
  return { types, samples };
}

function checkHistograms({ types, samples }: Exposition): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const sample of samples.filter((s) => s.name === `${family}_bucket`)) {
      const { le, ...rest } = sample.labels;
      if (le === undefined) throw new Error(`${family}: a bucket without le`);
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, buckets] of series) {
      for (let i = 1; i < buckets.length; i++) {
        if ((buckets[i]?.value ?? 0) < (buckets[i - 1]?.value ?? 0))
          throw new Error(`${family}: not cumulative`);
      }
      const last = buckets.at(-1);
      const count = samples.find((s) => s.name === `${family}_count` && JSON.stringify(s.labels) === key);
      if (last?.labels.le !== '+Inf' || last.value !== count?.value) {
        throw new Error(`${family}${key}: the +Inf bucket must equal _count`);
      }
    }
  }
}

/** The value of the one sample named `name` whose labels include `labels`. */
export function sampleValue(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return exposition.samples.find(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  )?.value;
}
