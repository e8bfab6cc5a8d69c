"""/start: registration (language → name → optional phone), or the main menu once registered."""

from __future__ import annotations

import re
from html import escape

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.actions import Action
from bot.context import ShiftContext
from bot.conversation import END, Flow, Step
from bot.handlers.presses import pressed, query_of
from bot.handlers.volunteer.home import show_menu
from bot.i18n import LANGUAGES, N_, translator
from bot.menus import set_menu_for, set_newcomer_menu
from bot.replies import refuse, reply, show
from bot.views import keyboards
from data.errors import InvalidInput
from data.volunteers import (
    MAX_NAME,
    finish_registration,
    remember_start_code,
    set_display_name,
    set_language,
    set_phone,
)

# Conversation states.
LANGUAGE, NAME, PHONE = "language", "name", "phone"

# Telegram's own rule for deep-link payloads (t.me/<bot>?start=<code>).
_START_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Shown before a language is chosen, so in both languages.
_GREETING = N_("Hello! I help volunteers sign up for service shifts. Which language do you prefer?")


async def start(update: Update, context: ShiftContext) -> Step:
    """/start [code]: the main menu for a registered volunteer, otherwise the first step."""
    store = context.services.store
    volunteer = context.me()
    code = context.args[0] if context.args else ""
    if _START_CODE.match(code):
        volunteer = await store.run(remember_start_code, volunteer_id=context.my_id, code=code)
    if volunteer.registered:
        await show_menu(update, context, welcome_back=True)
        return END
    await set_newcomer_menu(context.bot, volunteer.chat_id, context.language)
    # The language is not chosen yet: greet in the one Telegram suggests, then the other.
    others = [translator(other) for other in LANGUAGES if other != context.language]
    text = "\n\n".join(t(_GREETING) for t in [context._, *others])
    await reply(update, text, keyboards.language_choice())
    return LANGUAGE


async def choose_language(update: Update, context: ShiftContext) -> Step:
    """中文 / English: store it, then ask for the name to show on rosters."""
    args = await pressed(update, context)
    if args is None:
        return LANGUAGE
    language = LANGUAGES[args[0]]
    context.volunteer = await context.services.store.run(
        set_language, volunteer_id=context.my_id, language=language
    )
    context.language = language
    await query_of(update).answer()
    _ = context._
    question = _(
        "What name should coordinators see on the roster? Tap the button to use your "
        "Telegram name, or type another."
    )
    await show(update, question, keyboards.use_name(_telegram_name(update), _))
    return NAME


async def use_telegram_name(update: Update, context: ShiftContext) -> Step:
    """Use <name>: keep the Telegram name."""
    await query_of(update).answer()
    name = _telegram_name(update)
    await context.services.store.run(set_display_name, volunteer_id=context.my_id, name=name)
    await show(update, context._("Name: {name}").format(name=escape(name)))
    return await _ask_phone(update, context, name)


async def type_name(update: Update, context: ShiftContext) -> Step:
    """A typed name instead of the Telegram one."""
    assert update.message is not None and update.message.text is not None
    try:
        volunteer = await context.services.store.run(
            set_display_name, volunteer_id=context.my_id, name=update.message.text
        )
    except InvalidInput as error:
        await refuse(update, context, error)
        return NAME
    return await _ask_phone(update, context, volunteer.display_name)


async def _ask_phone(update: Update, context: ShiftContext, name: str) -> Step:
    _ = context._
    text = _(
        "Thanks, {name}. Would you like to share your phone number, so your coordinator can "
        "reach you on the day? It is optional."
    ).format(name=escape(name))
    await reply(update, text, keyboards.share_phone(_))
    return PHONE


async def share_phone(update: Update, context: ShiftContext) -> Step:
    """The share-contact button: keep the number if it is the user's own."""
    assert update.message is not None and update.message.contact is not None
    contact = update.message.contact
    user = update.effective_user
    if user is None or contact.user_id != user.id:
        await reply(
            update, context._("Please share your own number with the button below, or tap Skip.")
        )
        return PHONE
    await context.services.store.run(
        set_phone, volunteer_id=context.my_id, phone=contact.phone_number
    )
    return await _finish(update, context, context._("📱 Phone number saved."))


async def skip_or_nudge(update: Update, context: ShiftContext) -> Step:
    """Text at the phone step: the Skip button's text, or a nudge towards the buttons."""
    assert update.message is not None and update.message.text is not None
    skip_labels = {translator(code)("Skip") for code in LANGUAGES}
    if update.message.text.strip() not in skip_labels:
        await reply(
            update, context._("Please share your own number with the button below, or tap Skip.")
        )
        return PHONE
    return await _finish(update, context, context._("No phone number given; it is optional."))


async def _finish(update: Update, context: ShiftContext, phone_note: str) -> Step:
    volunteer = await context.services.store.run(finish_registration, volunteer_id=context.my_id)
    context.volunteer = volunteer
    await set_menu_for(context.bot, volunteer, context.language)
    welcome = context._("🎉 Welcome, {name}! You are registered as a volunteer.").format(
        name=escape(volunteer.display_name)
    )
    await reply(update, f"{welcome}\n{phone_note}", ReplyKeyboardRemove())
    await show_menu(update, context)
    return END


async def nudge_language(update: Update, context: ShiftContext) -> Step:
    """Text where the language buttons were expected."""
    await reply(update, context._("Please tap a language button above: 中文 or English."))
    return LANGUAGE


async def stop_registration(update: Update, context: ShiftContext) -> Step:
    """/cancel during registration."""
    await reply(
        update,
        context._("Registration stopped. Send /start whenever you are ready."),
        ReplyKeyboardRemove(),
    )
    return END


def _telegram_name(update: Update) -> str:
    user = update.effective_user
    name = " ".join(user.full_name.split()) if user else ""
    return name[:MAX_NAME] or "?"


def flow() -> Flow:
    """Registration: language, then name, then the optional phone."""
    text = filters.TEXT & ~filters.COMMAND
    return Flow(
        name="registration",
        entry_points=[CommandHandler("start", start, filters.ChatType.PRIVATE)],
        states={
            LANGUAGE: [
                CallbackQueryHandler(choose_language, pattern=Action.CHOOSE_LANGUAGE.pattern),
                MessageHandler(text, nudge_language),
            ],
            NAME: [
                CallbackQueryHandler(use_telegram_name, pattern=Action.USE_TELEGRAM_NAME.pattern),
                MessageHandler(text, type_name),
            ],
            PHONE: [
                MessageHandler(filters.CONTACT, share_phone),
                MessageHandler(text, skip_or_nudge),
            ],
        },
        fallbacks=[CommandHandler("cancel", stop_registration)],
    )
