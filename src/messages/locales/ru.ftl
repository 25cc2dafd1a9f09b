## Общее

error-generic = Извините, у нас что-то пошло не так. Попробуйте ещё раз чуть позже.
stale-button = Эта кнопка устарела. Пожалуйста, воспользуйтесь последним сообщением.
rate-limited = Вы отправляете сообщения слишком часто, поэтому я не буду отвечать { $minutes } мин. Пожалуйста, попробуйте позже.
cancelled = Отменено.
fallback = Я не понял. Пожалуйста, воспользуйтесь меню ниже.
banned = Ваш доступ к магазину заблокирован. Если это ошибка, свяжитесь с владельцем магазина.
banned-alert = Ваш доступ к магазину заблокирован.

command-start = Открыть магазин
command-menu = Главное меню
command-help = Написать магазину
command-cancel = Отменить текущее действие

## Регистрация

join-ask-code = 👋 Добро пожаловать! Магазин работает по приглашениям. Пожалуйста, отправьте ваш <b>реферальный код</b>.
join-code-needed-alert = Сначала отправьте реферальный код.
join-welcome = 🎉 Добро пожаловать, { $name }! Вы с нами. Что вы хотите сделать?
join-code-not-found = ❌ Такого реферального кода нет. Проверьте его и отправьте ещё раз.
join-code-expired = ⌛ Срок действия этого кода истёк. Попросите новый.
join-code-disabled = 🚫 Этот код отключён. Попросите новый.
join-code-used-up = 🚫 Этот код уже использован максимальное число раз. Попросите новый.
join-code-own-code = ❌ Нельзя использовать собственный код.
join-code-already-joined = Вы уже зарегистрированы в магазине.

## Меню

menu-title = 🏪 <b>Главное меню</b>. Что вы хотите сделать?
menu-shop = 🛍 Магазин
menu-cart = 🛒 Корзина
menu-orders = 📦 Мои заказы
menu-referrals = 🎁 Рефералы
menu-help = 💬 Помощь
menu-back = 🏠 Главное меню
menu-search = 🔎 Поиск
search-prompt = 🔎 Что вы ищете? Отправьте слово или два из названия или описания товара.
search-too-short = Отправьте хотя бы одно слово из двух или более букв.
search-results = 🔎 <b>{ $query }</b>: { $from }–{ $to } из { $total }. Выберите товар:
search-nothing = 🔎 По запросу <b>{ $query }</b> ничего не найдено. Попробуйте другое слово.
search-again = 🔎 Новый поиск
nav-prev = ◀ Назад
nav-next = Вперёд ▶
nav-newest = ⏮ Новые
nav-older = Старше ▶

## Магазин

shop-categories = 🛍 <b>Магазин</b>. Выберите категорию:
shop-empty = Сейчас в магазине ничего нет. Загляните позже.
shop-products = 🛍 <b>{ $category }</b>. Выберите товар:
shop-category-empty = В категории <b>{ $category }</b> сейчас ничего нет.
shop-back-to-categories = ⬅ Категории
shop-back-to-list = ⬅ Назад
product-title = <b>{ $name }</b>
product-description = { $description }
product-price = Цена: <b>{ $price }</b>
product-in-stock = ✅ В наличии
product-left = { $count ->
    [one] ⚠ Осталась { $count } штука
    [few] ⚠ Осталось { $count } штуки
   *[other] ⚠ Осталось { $count } штук
}
product-out-of-stock = ❌ Нет в наличии
product-sold-out-short = нет в наличии
product-quantity = Количество: <b>{ $qty }</b> ({ $total })
product-in-cart = 🛒 В корзине: { $count }
product-add = Добавить { $qty } в корзину
product-added = { $name } × { $qty } добавлено в корзину.
product-gone = Этот товар больше не продаётся.
product-only-left = В наличии только { $count }.

## Корзина

list-more = … и ещё { $count } { $count ->
    [one] позиция
    [few] позиции
   *[other] позиций
}
cart-title = 🛒 <b>Ваша корзина</b>
cart-empty = 🛒 Ваша корзина пуста.
cart-empty-alert = Ваша корзина пуста.
cart-line = • { $name } × { $qty } (по { $price }) = <b>{ $total }</b>
cart-line-gone = ⚠ больше не продаётся, удалите позицию
cart-line-sold-out = ⚠ закончился, удалите позицию
cart-line-short = ⚠ сейчас в наличии только { $count }
cart-total = Итого: <b>{ $total }</b>
cart-has-problems = Некоторых товаров не хватает. Исправьте корзину перед оформлением.
cart-clear = 🗑 Очистить
cart-cleared = Корзина очищена.
cart-checkout = ✅ Оформить заказ

## Оформление

checkout-cancel = ✖ Отменить оформление
checkout-cancelled = Оформление отменено. Корзина не изменилась.
checkout-fix-cart = Некоторых товаров в корзине не хватает. Сначала исправьте корзину.
checkout-saved = 📋 <b>Данные доставки</b>. Использовать данные из прошлого заказа?
checkout-use-saved = ✅ Использовать сохранённые
checkout-enter-new = ✏ Ввести новые
checkout-ask-address = 📍 Отправьте <b>адрес доставки</b> (от 5 до 300 символов).
checkout-ask-phone = 📞 Отправьте <b>номер телефона</b> в международном формате, например <code>+79001234567</code>.
checkout-ask-note = 📝 Что нужно знать курьеру? Отправьте <b>комментарий</b> (до 300 символов) или нажмите «Пропустить».
checkout-skip = Пропустить ⏭
checkout-ask-bonus = 🎁 У вас <b>{ $balance }</b> бонусов. Использовать их для этого заказа?
checkout-bonus-all = Все ({ $amount })
checkout-bonus-amount = Ввести сумму
checkout-bonus-none = Не использовать
checkout-ask-bonus-amount = Сколько бонусов использовать? Отправьте сумму, например <code>5.00</code> (у вас { $balance }).
checkout-ask-payment = 💳 Как вы хотите оплатить?
checkout-pay-btc = ₿ Биткоин
checkout-pay-cod = 💵 Наличными курьеру
checkout-summary-title = 🧾 <b>Проверьте заказ</b>
checkout-summary-reserve = { $hours ->
    [one] После подтверждения товары будут зарезервированы на { $hours } час.
    [few] После подтверждения товары будут зарезервированы на { $hours } часа.
   *[other] После подтверждения товары будут зарезервированы на { $hours } часов.
}
checkout-confirm = ✅ Подтвердить заказ
checkout-address-invalid = ⚠ Адрес должен быть от 5 до 300 символов.
checkout-phone-invalid = ⚠ Это не похоже на номер телефона. Начните с + и кода страны.
checkout-note-invalid = ⚠ Комментарий может быть не длиннее 300 символов.
checkout-bonus-invalid = ⚠ Отправьте сумму, например <code>5.00</code>.
checkout-bonus-too-much = ⚠ Это больше, чем ваш бонусный баланс.
checkout-text-please = Пожалуйста, ответьте текстовым сообщением.
checkout-use-buttons = Пожалуйста, воспользуйтесь кнопками ниже.
checkout-btc-empty = ⚠ К сожалению, сейчас нет свободного биткоин-адреса для оплаты. Выберите другой способ оплаты.
checkout-btc-rate-stale = ⚠ Извините, оплата биткоинами приостановлена, пока мы обновляем курс. Выберите другой способ оплаты или попробуйте позже.
checkout-cart-changed = С момента проверки корзина или цены изменились. Пожалуйста, проверьте заказ ещё раз.
checkout-cart-kept = Ваша корзина сохранена без изменений.
checkout-details-invalid = ⚠ Некоторые данные доставки больше не подходят. Оформите заказ заново.

## Заказы

order-item = • { $name } × { $qty } = { $total }
order-subtotal = Сумма: { $amount }
order-bonus = Бонусами: −{ $amount }
order-total = Итого: <b>{ $amount }</b>
order-address = Адрес: { $address }
order-phone = Телефон: { $phone }
order-note = Комментарий: { $note }
order-payment-btc = Оплата: биткоин
order-payment-cod = Оплата: наличными курьеру
order-payment-bonus = Оплата: полностью бонусами
order-placed = ✅ <b>Заказ { $code } оформлен!</b>
order-placed-alert = Заказ { $code } оформлен!
order-placed-btc-next = Оплатите до <b>{ $deadline }</b>, иначе заказ будет отменён, а товары возвращены в продажу. Мы подтвердим заказ, как только придёт оплата.
order-placed-bonus-next = Бонусы покрывают весь заказ: платить ничего не нужно. Товары зарезервированы до <b>{ $deadline }</b>; скоро мы подтвердим заказ и время доставки.
order-placed-cod-next = Товары зарезервированы до <b>{ $deadline }</b>. Скоро мы подтвердим заказ и время доставки; оплата наличными курьеру.
order-btc-address = Адрес для оплаты: <code>{ $address }</code>
order-btc-amount = Сумма: <code>{ $btc }</code> BTC
order-btc-uri = Ссылка для оплаты: <code>{ $uri }</code>
order-payment-state = { $state ->
    [seen] 👀 Платёж в сети: <code>{ $btc }</code> BTC, подтверждений { $confs } из { $needed }
    [underpaid] ⚠ Получено <code>{ $btc }</code> BTC; не хватает <code>{ $missing }</code> BTC
    [paid] 💰 Оплачено: <code>{ $btc }</code> BTC
    [overpaid] 💰 Оплачено: <code>{ $btc }</code> BTC
    [late] ⏰ Ваш платёж <code>{ $btc }</code> BTC пришёл с опозданием; мы свяжемся с вами
   *[waiting] ⏳ Ожидаем оплату
}
order-qr-caption = Отсканируйте, чтобы оплатить заказ { $code }.
order-show-qr = 🔳 QR-код
orders-title = 📦 <b>Ваши заказы</b>
orders-none = У вас пока нет заказов.
orders-back = ⬅ Мои заказы
order-not-found = Заказ не найден.
order-detail-title = 📦 <b>Заказ { $code }</b>
order-status = Статус: <b>{ order-status-short }</b>
order-status-short = { $status ->
    [reserved] ждёт подтверждения
    [confirmed] подтверждён
    [delivered] доставлен
    [cancelled] отменён
   *[expired] истёк
}
order-created = Оформлен: { $time }
order-delivery-time = Доставка: { $time }
order-reserved-until = Резерв до: { $time }
order-cancel = ✖ Отменить заказ
order-cancel-confirm = Отменить заказ <b>{ $code }</b>? Товары вернутся в продажу.
order-cancel-yes = Да, отменить
order-cancel-no = Нет, оставить
order-cancelled-alert = Заказ { $code } отменён.
order-cannot-cancel = Этот заказ уже нельзя отменить здесь. Напишите в «Помощь».

## Рефералы

refs-title = 🎁 <b>Рефералы</b>
refs-percent = Приглашайте друзей по своему коду: вы получаете { $percent }% от каждого их полученного заказа.
refs-balance = Бонусный баланс: <b>{ $amount }</b>
refs-referred = Приглашено людей: { $count }
refs-ledger = <b>История бонусов</b>
refs-ledger-entry = { $time } · { $kind ->
    [referral_credit] за приглашение
    [order_debit] оплата заказа
    [order_refund] возврат
   *[adjustment] корректировка
} { $order } · { $amount }
refs-codes = <b>Ваши коды</b>
refs-no-codes = У вас пока нет кодов.
refs-code = <code>{ $code }</code> · { $state ->
    [active] активен
    [expired] истёк
    [disabled] отключён
   *[used_up] исчерпан
} · использован { $uses }/{ $max }
    { $link }
refs-create = ➕ Создать код
refs-created = Код { $code } создан.
refs-limit = Можно иметь не больше { $limit } активных кодов.

## Помощь

help-prompt = 💬 Напишите ваш вопрос одним сообщением, и мы передадим его владельцу магазина.
help-cancel = ✖ Отмена
help-sent = ✅ { $reply }
support-follow-up-sent = ✅ Отправлено в магазин; ответ придёт сюда.
help-text-please = Пожалуйста, напишите вопрос текстовым сообщением.
help-too-long = Пожалуйста, уложитесь в { $max } символов.

## Ошибки (по коду)

error-not-found = Не найдено.
error-invalid = Это значение не подходит.
error-conflict = Сейчас это сделать нельзя.
error-out-of-stock = { $available ->
    [0] ⚠ К сожалению, { $product } закончился.
   *[other] ⚠ К сожалению, { $product } в наличии только { $available }.
}
error-empty-cart = Ваша корзина пуста.
error-banned = Ваш доступ к магазину заблокирован.
error-btc-pool-empty = К сожалению, сейчас нет свободного биткоин-адреса для оплаты.
error-btc-rate-stale = Извините, оплата биткоинами приостановлена, пока мы обновляем курс.
error-invalid-transition = Заказ { $order } сейчас нельзя изменить.
error-limit-open-orders = У вас может быть не больше { $max } открытых заказов одновременно. Новый заказ можно будет оформить, когда один из них будет доставлен или отменён.
error-limit-orders-per-hour = Можно оформить не больше { $max } заказов в час. Попробуйте снова через { $minutes } мин.
error-limit-btc-addresses = Оплатить биткоином можно не больше { $max } заказов в сутки. Попробуйте снова через { $hours } ч или выберите оплату наличными.
error-limit-quantity = Одного товара можно заказать не больше { $max } шт. за раз. Уменьшите количество в корзине.
error-limit-help-messages = Можно отправить не больше { $max } сообщений в поддержку в час. Попробуйте снова через { $minutes } мин.

## Уведомления (отправляет обработчик очереди)

notify-order-placed = 🛒 <b>Новый заказ { $code }</b>
notify-customer = Покупатель: { $name } { $username } (id <code>{ $id }</code>)
notify-reserved-until = Резерв до: { $time }
notify-confirm-with = Подтвердить:
notify-confirm-command = <code>shopctl order confirm { $code }</code>
notify-order-confirmed = ✅ Ваш заказ <b>{ $code }</b> подтверждён.
notify-delivery-at = Доставка: <b>{ $time }</b>
notify-order-delivered = 📦 Ваш заказ <b>{ $code }</b> доставлен. Спасибо!
notify-order-cancelled = ✖ Ваш заказ <b>{ $code }</b> отменён.
notify-reason = Причина: { $reason }
notify-order-cancelled-by-customer = ✖ Покупатель отменил заказ <b>{ $code }</b>.
notify-order-expired = ⌛ Срок вашего заказа <b>{ $code }</b> истёк, товары возвращены в продажу.
notify-bonus-refunded = На ваш баланс возвращено { $amount } бонусов.
notify-order-items-changed = ✏ Ваш заказ <b>{ $code }</b> изменён. Новая сумма: <b>{ $total }</b>.
notify-delivery-time-changed = 🕒 Новое время доставки заказа <b>{ $code }</b>: <b>{ $time }</b>.
notify-user-banned = 🚫 Ваш доступ к магазину заблокирован.
notify-banned-orders-cancelled = Ваши зарезервированные заказы отменены: { $codes }
notify-user-unbanned = ✅ Ваш доступ к магазину восстановлен. Отправьте /start, чтобы продолжить.
notify-bonus-credited = 🎁 Вы получили <b>{ $amount }</b> бонусов за заказ { $code }. Баланс: { $balance }.
notify-orders-expired = ⌛ Истекли неподтверждённые заказы: { $codes }
notify-btc-pool-low = ⚠ Осталось только { $available } свободных биткоин-адресов (порог { $threshold }). Добавьте новые в файл адресов.
notify-outbox-failing = ⚠ Сообщения магазина в Telegram перестали доходить. Последняя ошибка: { $error }
    Список: <code>shopctl outbox list --failed</code>, повторная отправка: <code>shopctl outbox retry --all-failed</code>.
notify-btc-new-amount = Оплатите <code>{ $btc }</code> BTC на адрес <code>{ $address }</code>
notify-btc-partly-paid = Новая сумма: <code>{ $amount }</code> BTC. Поступило <code>{ $received }</code> BTC; осталось оплатить <code>{ $missing }</code> BTC.
notify-btc-covered = Новая сумма: <code>{ $amount }</code> BTC. Поступило <code>{ $received }</code> BTC, этого достаточно: платить больше ничего не нужно.
notify-btc-nothing-due = В биткоинах платить больше ничего не нужно.
notify-payment-seen = 👀 Платёж <code>{ $btc }</code> BTC за заказ <b>{ $code }</b> появился в сети; он будет засчитан после подтверждения.
notify-payment-underpaid = ⚠ Заказ <b>{ $code }</b>: получено <code>{ $received }</code> BTC, не хватает <code>{ $missing }</code> BTC.
notify-payment-pay-rest = Пожалуйста, отправьте остаток на <code>{ $address }</code>:
notify-payment-received = 💰 Заказ <b>{ $code }</b> оплачен: получено <code>{ $btc }</code> BTC.
notify-payment-excess = Переплата: <code>{ $btc }</code> BTC.
notify-payment-dropped = ↩ Платёж за заказ <b>{ $code }</b> исчез из сети (заменён или отброшен); заказ снова ждёт оплаты.
notify-payment-late = ⏰ Поздний платёж: <code>{ $btc }</code> BTC за заказ <b>{ $code }</b> (статус { $status }). Восстановить: <code>shopctl order revive { $code }</code>.
notify-btc-rate-stale = ⚠ Оплата биткоинами отключена: btc_rate установлен { $time }, больше { $hours } ч назад. Обновите его: <code>shopctl settings set btc_rate …</code>.
notify-help-request = 💬 <b>Сообщение от { $name }</b> { $username } (id <code>{ $id }</code>):
notify-help-reply-with = Ответить: <code>shopctl support reply { $thread } "…"</code>
notify-staff-message = 💬 <b>Сообщение от магазина</b>
notify-staff-message-answer = Чтобы ответить, просто напишите ответ сюда.
