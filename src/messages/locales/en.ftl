## General

error-generic = Sorry, something went wrong on our side. Please try again in a moment.
stale-button = This button is out of date. Please use the latest message.
rate-limited = You are sending messages too fast, so I will not answer for { $minutes } min. Please try again after that.
cancelled = Cancelled.
fallback = I did not understand that. Please use the menu below.
banned = Your access to this shop has been blocked. If you think this is a mistake, contact the shop owner.
banned-alert = Your access to this shop has been blocked.

command-start = Open the shop
command-menu = Main menu
command-help = Write to the shop
command-cancel = Cancel what you are doing

## Joining

join-ask-code = 👋 Welcome! This shop is open by invitation. Please send your <b>reference code</b>.
join-code-needed-alert = Please send your reference code first.
join-welcome = 🎉 Welcome, { $name }! You are in. What would you like to do?
join-code-not-found = ❌ This reference code does not exist. Check it and send it again.
join-code-expired = ⌛ This reference code has expired. Please ask for a new one.
join-code-disabled = 🚫 This reference code has been disabled. Please ask for a new one.
join-code-used-up = 🚫 This reference code has been used the maximum number of times. Please ask for a new one.
join-code-own-code = ❌ You cannot use your own reference code.
join-code-already-joined = You have already joined the shop.

## Menu

menu-title = 🏪 <b>Main menu</b>. What would you like to do?
menu-shop = 🛍 Shop
menu-cart = 🛒 Cart
menu-orders = 📦 My orders
menu-referrals = 🎁 Referrals
menu-help = 💬 Help
menu-back = 🏠 Main menu
menu-search = 🔎 Search
search-prompt = 🔎 What are you looking for? Send a word or two from the product's name or description.
search-too-short = Please send at least one word of two letters or more.
search-results = 🔎 <b>{ $query }</b>: { $from }–{ $to } of { $total }. Choose a product:
search-nothing = 🔎 Nothing matches <b>{ $query }</b>. Try another word.
search-again = 🔎 New search
nav-prev = ◀ Prev
nav-next = Next ▶
nav-newest = ⏮ Newest
nav-older = Older ▶

## Shop

shop-categories = 🛍 <b>Shop</b>. Choose a category:
shop-empty = The shop has nothing for sale right now. Please check back later.
shop-products = 🛍 <b>{ $category }</b>. Choose a product:
shop-category-empty = <b>{ $category }</b> has nothing for sale right now.
shop-back-to-categories = ⬅ Categories
shop-back-to-list = ⬅ Back
product-title = <b>{ $name }</b>
product-description = { $description }
product-price = Price: <b>{ $price }</b>
product-in-stock = ✅ In stock
product-left = { $count ->
    [one] ⚠ Only { $count } left
   *[other] ⚠ Only { $count } left
}
product-out-of-stock = ❌ Out of stock
product-sold-out-short = sold out
product-quantity = Quantity: <b>{ $qty }</b> ({ $total })
product-in-cart = 🛒 In your cart: { $count }
product-add = Add { $qty } to cart
product-added = Added { $qty } × { $name } to your cart.
product-gone = This product is no longer available.
product-only-left = Only { $count } available.

## Cart

list-more = … and { $count } more { $count ->
    [one] item
   *[other] items
}
cart-title = 🛒 <b>Your cart</b>
cart-empty = 🛒 Your cart is empty.
cart-empty-alert = Your cart is empty.
cart-line = • { $name } × { $qty } ({ $price } each) = <b>{ $total }</b>
cart-line-gone = ⚠ no longer sold, please remove it
cart-line-sold-out = ⚠ now out of stock, please remove it
cart-line-short = { $count ->
    [one] ⚠ only { $count } available now
   *[other] ⚠ only { $count } available now
}
cart-total = Total: <b>{ $total }</b>
cart-has-problems = Some items are short. Please adjust your cart before checking out.
cart-clear = 🗑 Clear cart
cart-cleared = Cart cleared.
cart-checkout = ✅ Checkout

## Checkout

checkout-cancel = ✖ Cancel checkout
checkout-cancelled = Checkout cancelled. Your cart is unchanged.
checkout-fix-cart = Some items in your cart are short. Please adjust your cart first.
checkout-saved = 📋 <b>Delivery details</b>. Use the details from your last order?
checkout-use-saved = ✅ Use saved details
checkout-enter-new = ✏ Enter new details
checkout-ask-address = 📍 Please send your <b>delivery address</b> (5 to 300 characters).
checkout-ask-phone = 📞 Please send your <b>phone number</b> in international format, for example <code>+15550100000</code>.
checkout-ask-note = 📝 Anything the courier should know? Send a <b>note</b> (up to 300 characters), or tap Skip.
checkout-skip = Skip ⏭
checkout-ask-bonus = 🎁 You have <b>{ $balance }</b> in bonus. Use it for this order?
checkout-bonus-all = Use all ({ $amount })
checkout-bonus-amount = Enter an amount
checkout-bonus-none = Don't use
checkout-ask-bonus-amount = How much bonus should we use? Send an amount, for example <code>5.00</code> (you have { $balance }).
checkout-ask-payment = 💳 How would you like to pay?
checkout-pay-btc = ₿ Bitcoin
checkout-pay-cod = 💵 Cash on delivery
checkout-summary-title = 🧾 <b>Please check your order</b>
checkout-summary-reserve = { $hours ->
    [one] Your items will be reserved for { $hours } hour after you confirm.
   *[other] Your items will be reserved for { $hours } hours after you confirm.
}
checkout-confirm = ✅ Confirm order
checkout-address-invalid = ⚠ The address must be between 5 and 300 characters.
checkout-phone-invalid = ⚠ That does not look like a phone number. Please start with + and the country code.
checkout-note-invalid = ⚠ The note can be at most 300 characters.
checkout-bonus-invalid = ⚠ Please send an amount such as <code>5.00</code>.
checkout-bonus-too-much = ⚠ That is more than your bonus balance.
checkout-text-please = Please answer with a text message.
checkout-use-buttons = Please use the buttons below.
checkout-btc-empty = ⚠ Sorry, no Bitcoin payment address is available right now. Please choose another way to pay.
checkout-btc-rate-stale = ⚠ Sorry, Bitcoin payment is paused while we update the exchange rate. Please choose another way to pay or try again later.
checkout-cart-changed = Your cart or its prices changed since the summary. Please check the order again.
checkout-cart-kept = Your cart has been kept as it was.
checkout-details-invalid = ⚠ Some of your delivery details are not valid any more. Please check out again.

## Orders

order-item = • { $name } × { $qty } = { $total }
order-subtotal = Subtotal: { $amount }
order-bonus = Bonus used: −{ $amount }
order-total = Total: <b>{ $amount }</b>
order-address = Address: { $address }
order-phone = Phone: { $phone }
order-note = Note: { $note }
order-payment-btc = Payment: Bitcoin
order-payment-cod = Payment: cash on delivery
order-payment-bonus = Payment: covered in full by bonus
order-placed = ✅ <b>Order { $code } placed!</b>
order-placed-alert = Order { $code } placed!
order-placed-btc-next = Please pay before <b>{ $deadline }</b>, or the order is cancelled and the items released. We will confirm it once the payment arrives.
order-placed-bonus-next = Your bonus covers the whole order: nothing is left to pay. Your items are reserved until <b>{ $deadline }</b>; we will confirm the order and the delivery time shortly.
order-placed-cod-next = Your items are reserved until <b>{ $deadline }</b>. We will confirm the order and the delivery time shortly; you pay the courier in cash.
order-btc-address = Pay to: <code>{ $address }</code>
order-btc-amount = Amount: <code>{ $btc }</code> BTC
order-btc-uri = Payment link: <code>{ $uri }</code>
order-payment-state = { $state ->
    [seen] 👀 Payment seen: <code>{ $btc }</code> BTC, { $confs } of { $needed } confirmations
    [underpaid] ⚠ Received <code>{ $btc }</code> BTC; <code>{ $missing }</code> BTC is still missing
    [paid] 💰 Paid: <code>{ $btc }</code> BTC
    [overpaid] 💰 Paid: <code>{ $btc }</code> BTC
    [late] ⏰ Your payment of <code>{ $btc }</code> BTC arrived late; we will contact you
   *[waiting] ⏳ Waiting for your payment
}
order-qr-caption = Scan to pay for order { $code }.
order-show-qr = 🔳 QR code
orders-title = 📦 <b>Your orders</b>
orders-none = You have no orders yet.
orders-back = ⬅ My orders
order-not-found = Order not found.
order-detail-title = 📦 <b>Order { $code }</b>
order-status = Status: <b>{ order-status-short }</b>
order-status-short = { $status ->
    [reserved] awaiting confirmation
    [confirmed] confirmed
    [delivered] delivered
    [cancelled] cancelled
   *[expired] expired
}
order-created = Placed: { $time }
order-delivery-time = Delivery: { $time }
order-reserved-until = Reserved until: { $time }
order-cancel = ✖ Cancel order
order-cancel-confirm = Cancel order <b>{ $code }</b>? The items go back on sale.
order-cancel-yes = Yes, cancel it
order-cancel-no = No, keep it
order-cancelled-alert = Order { $code } cancelled.
order-cannot-cancel = This order can no longer be cancelled here. Please write to Help.

## Referrals

refs-title = 🎁 <b>Referrals</b>
refs-percent = Invite friends with your code: you get { $percent }% of every order they receive.
refs-balance = Bonus balance: <b>{ $amount }</b>
refs-referred = People you referred: { $count }
refs-ledger = <b>Bonus history</b>
refs-ledger-entry = { $time } · { $kind ->
    [referral_credit] referral
    [order_debit] spent on order
    [order_refund] refund
   *[adjustment] adjustment
} { $order } · { $amount }
refs-codes = <b>Your codes</b>
refs-no-codes = You have no codes yet.
refs-code = <code>{ $code }</code> · { $state ->
    [active] active
    [expired] expired
    [disabled] disabled
   *[used_up] used up
} · used { $uses }/{ $max }
    { $link }
refs-create = ➕ Create a code
refs-created = Code { $code } created.
refs-limit = You can have at most { $limit } active codes.

## Help

help-prompt = 💬 Write your question in one message and we will pass it on to the shop owner.
help-cancel = ✖ Cancel
help-sent = ✅ { $reply }
support-follow-up-sent = ✅ Sent to the shop; the answer will come here.
help-text-please = Please write your question as a text message.
help-too-long = Please keep it under { $max } characters.

## Domain errors (by code)

error-not-found = Not found.
error-invalid = That is not valid.
error-conflict = That cannot be done right now.
error-out-of-stock = { $available ->
    [0] ⚠ Sorry, { $product } is out of stock.
   *[other] ⚠ Sorry, only { $available } of { $product } available.
}
error-empty-cart = Your cart is empty.
error-banned = Your access to this shop has been blocked.
error-btc-pool-empty = Sorry, no Bitcoin payment address is available right now.
error-btc-rate-stale = Sorry, Bitcoin payment is paused while we update the exchange rate.
error-invalid-transition = Order { $order } cannot be changed now.
error-limit-open-orders = You can have at most { $max } open orders at a time. You can order again once one of them is delivered or cancelled.
error-limit-orders-per-hour = You can place at most { $max } orders per hour. Please try again in { $minutes } min.
error-limit-btc-addresses = You can pay by Bitcoin for at most { $max } orders a day. Please try again in { $hours } h, or choose cash on delivery.
error-limit-quantity = You can order at most { $max } of one product at a time. Please lower the quantity in your cart.
error-limit-help-messages = You can send at most { $max } Help messages per hour. Please try again in { $minutes } min.

## Notifications (sent by the outbox worker)

notify-order-placed = 🛒 <b>New order { $code }</b>
notify-customer = Customer: { $name } { $username } (id <code>{ $id }</code>)
notify-reserved-until = Reserved until: { $time }
notify-confirm-with = Confirm it with:
notify-confirm-command = <code>shopctl order confirm { $code }</code>
notify-order-confirmed = ✅ Your order <b>{ $code }</b> has been confirmed.
notify-delivery-at = Delivery: <b>{ $time }</b>
notify-order-delivered = 📦 Your order <b>{ $code }</b> has been delivered. Thank you!
notify-order-cancelled = ✖ Your order <b>{ $code }</b> has been cancelled.
notify-reason = Reason: { $reason }
notify-order-cancelled-by-customer = ✖ The customer cancelled order <b>{ $code }</b>.
notify-order-expired = ⌛ Your order <b>{ $code }</b> has expired and the items were released.
notify-bonus-refunded = { $amount } of bonus has been returned to your balance.
notify-order-items-changed = ✏ Your order <b>{ $code }</b> has been changed. New total: <b>{ $total }</b>.
notify-delivery-time-changed = 🕒 New delivery time for order <b>{ $code }</b>: <b>{ $time }</b>.
notify-user-banned = 🚫 Your access to this shop has been blocked.
notify-banned-orders-cancelled = Your reserved orders were cancelled: { $codes }
notify-user-unbanned = ✅ Your access to this shop has been restored. Send /start to continue.
notify-bonus-credited = 🎁 You earned <b>{ $amount }</b> of bonus from order { $code }. Balance: { $balance }.
notify-orders-expired = ⌛ Orders expired unconfirmed: { $codes }
notify-btc-pool-low = ⚠ Only { $available } free Bitcoin addresses left (alert threshold { $threshold }). Add more to the address file.
notify-outbox-failing = ⚠ Telegram messages from the shop have started failing. Last error: { $error }
    See them with <code>shopctl outbox list --failed</code>, resend with <code>shopctl outbox retry --all-failed</code>.
notify-btc-new-amount = Pay <code>{ $btc }</code> BTC to <code>{ $address }</code>
notify-btc-partly-paid = New amount: <code>{ $amount }</code> BTC. <code>{ $received }</code> BTC has arrived; <code>{ $missing }</code> BTC is still to pay.
notify-btc-covered = New amount: <code>{ $amount }</code> BTC. <code>{ $received }</code> BTC has arrived, which covers it: nothing is left to pay.
notify-btc-nothing-due = Nothing is left to pay in Bitcoin.
notify-payment-seen = 👀 A payment of <code>{ $btc }</code> BTC for order <b>{ $code }</b> is in the network; it counts once confirmed.
notify-payment-underpaid = ⚠ Order <b>{ $code }</b>: <code>{ $received }</code> BTC arrived, <code>{ $missing }</code> BTC is still missing.
notify-payment-pay-rest = Please send the rest to <code>{ $address }</code>:
notify-payment-received = 💰 Order <b>{ $code }</b> is paid: <code>{ $btc }</code> BTC received.
notify-payment-excess = Overpaid by <code>{ $btc }</code> BTC.
notify-payment-dropped = ↩ The payment seen for order <b>{ $code }</b> left the network (replaced or dropped); the order waits for payment again.
notify-payment-late = ⏰ Late payment: <code>{ $btc }</code> BTC arrived for order <b>{ $code }</b>, which is { $status }. Revive it with <code>shopctl order revive { $code }</code>.
notify-btc-rate-stale = ⚠ Bitcoin checkout is refused: btc_rate was set { $time }, more than { $hours } hours ago. Set it again with <code>shopctl settings set btc_rate …</code>.
notify-help-request = 💬 <b>Message from { $name }</b> { $username } (id <code>{ $id }</code>):
notify-help-reply-with = Reply: <code>shopctl support reply { $thread } "…"</code>
notify-staff-message = 💬 <b>Message from the shop</b>
notify-staff-message-answer = To answer, just write your reply here.
