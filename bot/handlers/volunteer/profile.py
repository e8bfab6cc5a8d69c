"""/settings' name and phone: a volunteer changes the name coordinators see, shares their phone
again or removes it. One short dialogue each, its step in the database; /cancel changes nothing.

The phone is only ever taken from Telegram's share-contact button and only when the contact is
the sender's own, as at registration: a typed number or someone else's card could be anyone's.
"""

from __future__ import annotations

from html import escape

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.actions import Action
from bot.context import ShiftContext
from bot.conversation import END, Flow, Step
from bot.handlers.staff.conversation import settle
from bot.handlers.volunteer.preferences import show_settings
from bot.i18n import LANGUAGES, translator
from bot.replies import refuse, reply
from bot.views import keyboards
from data.errors import InvalidInput
from data.volunteers import MAX_NAME, set_display_name, set_phone

NAME, PHONE = "name", "phone"
TEXT = filters.TEXT & ~filters.COMMAND
OTHER = ~filters.TEXT & ~filters.COMMAND  # at the phone step, after the contact handler


async def ask_name(update: Update, context: ShiftContext) -> Step:
    """✏️ Change my name: ask for the new one."""
    _ = context._
    await settle(update, _("✏️ Change my name"))
    text = _(
        "Send the name coordinators should see, up to {limit} characters. Now it is {name}; /cancel keeps it."
    ).format(limit=MAX_NAME, name=escape(context.me().display_name))
    await reply(update, text)
    return NAME


async def got_name(update: Update, context: ShiftContext) -> Step | None:
    """The new name, typed: checked like registration's, then the settings as they are now."""
    message = update.effective_message
    try:
        context.volunteer = await context.services.store.run(
            set_display_name,
            volunteer_id=context.my_id,
            name=(message.text or "") if message else "",
        )
    except InvalidInput as error:
        await refuse(update, context, error)
        return None
    name = escape(context.me().display_name)
    await reply(update, context._("✅ Your name is now {name}.").format(name=name))
    await show_settings(update, context)
    return END


async def name_not_text(update: Update, context: ShiftContext) -> Step | None:
    """A photo or a sticker where the name was expected."""
    await reply(update, context._("Please send the name as a text message, or /cancel."))
    return None


async def ask_phone(update: Update, context: ShiftContext) -> Step:
    """📱 My phone number: share it (again) with the contact button, or remove it."""
    _ = context._
    await settle(update, _("📱 My phone number"))
    phone = context.me().phone
    if phone:
        text = _(
            "Coordinators see your phone number {phone}. Tap 📱 Share my phone number to share it again, or remove it. /cancel keeps it."
        ).format(phone=escape(phone))
    else:
        text = _(
            "No phone number is stored. Tap 📱 Share my phone number to share yours; /cancel leaves it out."
        )
    await reply(update, text, keyboards.phone_choice(bool(phone), _))
    return PHONE


async def got_contact(update: Update, context: ShiftContext) -> Step | None:
    """The share-contact button: kept only if it is the sender's own number."""
    assert update.message is not None and update.message.contact is not None
    contact, user = update.message.contact, update.effective_user
    if user is None or contact.user_id != user.id:
        await refuse(update, context, InvalidInput(field="contact", reason="not_own"))
        return None
    context.volunteer = await context.services.store.run(
        set_phone, volunteer_id=context.my_id, phone=contact.phone_number
    )
    return await _done(update, context, context._("📱 Phone number saved."))


async def got_phone_text(update: Update, context: ShiftContext) -> Step | None:
    """Text at the phone step: the Remove or Keep button's, or a nudge towards the buttons."""
    text = (update.message.text or "").strip() if update.message else ""
    if text in _labels(keyboards.REMOVE_PHONE):
        context.volunteer = await context.services.store.run(
            set_phone, volunteer_id=context.my_id, phone=None
        )
        note = context._("🗑 Your phone number is removed; coordinators no longer see it.")
        return await _done(update, context, note)
    if text in _labels(keyboards.KEEP_PHONE):
        return await cancel(update, context)
    return await phone_nudge(update, context)


async def phone_nudge(update: Update, context: ShiftContext) -> Step | None:
    """Anything else at the phone step: say which buttons answer it."""
    _ = context._
    if context.me().phone:
        text = _(
            "Please tap 📱 Share my phone number or 🗑 Remove my number below, or send /cancel to keep it."
        )
    else:
        text = _("Please tap 📱 Share my phone number below, or send /cancel.")
    await reply(update, text, keyboards.phone_choice(bool(context.me().phone), _))
    return None


async def _done(update: Update, context: ShiftContext, note: str) -> Step:
    await reply(update, note, ReplyKeyboardRemove())
    await show_settings(update, context)
    return END


async def cancel(update: Update, context: ShiftContext) -> Step:
    """/cancel (or Keep it as it is): nothing changes."""
    text = context._("Nothing was changed. /settings shows your settings.")
    await reply(update, text, ReplyKeyboardRemove())
    return END


def _labels(msgid: str) -> set[str]:
    """A reply-keyboard button's text in every language (the user may have just switched)."""
    return {translator(code)(msgid) for code in LANGUAGES}


def flow() -> Flow:
    """The name or the phone, asked from a /settings button."""
    return Flow(
        name="profile",
        entry_points=[
            CallbackQueryHandler(ask_name, pattern=Action.ASK_NAME.pattern),
            CallbackQueryHandler(ask_phone, pattern=Action.ASK_PHONE.pattern),
        ],
        states={
            NAME: [MessageHandler(TEXT, got_name), MessageHandler(OTHER, name_not_text)],
            PHONE: [
                MessageHandler(filters.CONTACT, got_contact),
                MessageHandler(TEXT, got_phone_text),
                MessageHandler(OTHER, phone_nudge),
            ],
        },
        fallbacks=[CommandHandler("cancel", cancel)],
    )
