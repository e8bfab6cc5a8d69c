// shiftbot demo page: a Telegram-like private chat with the real bot, for four personas.
// Plain script, no build step. Everything the bot says is drawn from text + entities with DOM
// nodes (never innerHTML), so its HTML formatting is rendered and nothing else is.
"use strict";

(() => {
  const $ = (sel) => document.querySelector(sel);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  const state = {
    personas: [],
    strings: {},
    lang: localStorage.getItem("demo.lang") || "zh",
    zone: "Asia/Shanghai",
    now: null,
    active: null,
    chats: new Map(), // user id -> {messages: Map(id -> message)}
    previews: new Map(), // user id -> last message
    unread: new Map(), // user id -> Set of unseen bot message ids
    seen: JSON.parse(localStorage.getItem("demo.seen") || "{}"), // user id -> newest seen id
    commands: [],
    keyboardHidden: false,
    pending: null, // the inline button waiting for its callback answer
  };

  // ---------- words ----------

  const t = (key, params) => {
    const table = state.strings[state.lang] || {};
    let text = table[key] || key;
    for (const [name, value] of Object.entries(params || {})) text = text.replace(`{${name}}`, value);
    return text;
  };

  function applyWords() {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.title = t("title");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      node.placeholder = t(node.dataset.i18nPlaceholder);
    }
    for (const node of document.querySelectorAll("[data-i18n-label]")) {
      node.setAttribute("aria-label", t(node.dataset.i18nLabel));
    }
    $("#lang-toggle").textContent = state.lang === "zh" ? "English" : "中文";
  }

  // ---------- time ----------

  const locale = () => (state.lang === "zh" ? "zh-CN" : "en-GB");

  function parts(iso, options) {
    const fmt = new Intl.DateTimeFormat(locale(), { timeZone: state.zone, ...options });
    return Object.fromEntries(fmt.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  }

  function hhmm(iso) {
    const p = parts(iso, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    return `${p.hour}:${p.minute}`;
  }

  function dayLabel(iso) {
    // 12月5日 周五  /  Fri 5 Dec — the bot's own date style.
    const p = parts(iso, { month: "numeric", day: "numeric", weekday: "short" });
    const day = Number(p.day);
    if (state.lang === "zh") return `${Number(p.month)}月${day}日 ${p.weekday}`;
    const m = parts(iso, { month: "short" }).month;
    return `${p.weekday} ${day} ${m}`;
  }

  const dayKey = (iso) => {
    const p = parts(iso, { year: "numeric", month: "2-digit", day: "2-digit" });
    return `${p.year}-${p.month}-${p.day}`;
  };

  function showClock() {
    if (!state.now) return;
    const node = $("#clock-time");
    node.textContent = `${dayLabel(state.now)} ${hhmm(state.now)}`;
    node.dateTime = state.now;
  }

  // ---------- server ----------

  async function getJSON(url) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    return response.json();
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    });
    if (!response.ok) {
      const reason = await response.text();
      toast(t("failed", { reason }));
      throw new Error(reason);
    }
    return response.json();
  }

  async function loadState() {
    const data = await getJSON("/api/state");
    state.personas = data.personas;
    state.strings = data.strings;
    state.zone = data.clock.zone;
    state.now = data.clock.now;
    for (const person of data.personas) {
      const seen = state.seen[person.id] || 0;
      state.unread.set(person.id, new Set(person.bot_message_ids.filter((id) => id > seen)));
      if (person.last) state.previews.set(person.id, person.last);
    }
  }

  // ``replace`` after a reconnect (events may have been missed); otherwise events that arrive
  // while the history is on its way are kept, as they are at least as new as it.
  async function loadChat(userId, replace) {
    if (!state.chats.has(userId)) state.chats.set(userId, { messages: new Map() });
    const chat = state.chats.get(userId);
    const data = await getJSON(`/api/chats/${userId}`);
    if (replace) chat.messages = new Map(data.messages.map((m) => [m.message_id, m]));
    for (const m of data.messages) if (!chat.messages.has(m.message_id)) chat.messages.set(m.message_id, m);
    if (userId === state.active) state.commands = data.commands;
    const last = data.messages[data.messages.length - 1];
    if (last) state.previews.set(userId, last);
  }

  // ---------- people ----------

  function personById(id) {
    return state.personas.find((p) => p.id === id);
  }

  function previewText(message) {
    if (!message) return "";
    if (message.photo) return `🖼 ${message.caption || ""}`;
    if (message.document) return `📎 ${message.document.file_name || ""}`;
    if (message.location) return `📍 ${t("location")}`;
    if (message.contact) return `👤 ${t("contact")}`;
    return (message.text || "").replace(/\s+/g, " ");
  }

  function drawPeople() {
    const list = $("#people");
    list.replaceChildren();
    state.personas.forEach((person, index) => {
      const item = el("li");
      const button = el("button", "person");
      button.type = "button";
      button.dataset.persona = person.id;
      button.setAttribute("aria-current", String(person.id === state.active));
      const avatar = el("span", `avatar c${index % 4}`, [...person.name][0]);
      avatar.setAttribute("aria-hidden", "true");
      const line = el("span", "person-line");
      line.append(el("span", "person-name", person.name), el("span", "person-role", t(person.role)));
      const last = state.previews.get(person.id);
      const time = el("span", "person-time", last ? hhmm(last.time) : "");
      const preview = el("span", "person-preview", previewText(last));
      button.append(avatar, line, time, preview);
      const count = (state.unread.get(person.id) || new Set()).size;
      if (count) {
        const badge = el("span", "badge", String(count));
        badge.dataset.testid = "unread";
        button.append(badge);
      }
      button.addEventListener("click", () => openChat(person.id));
      item.append(button);
      list.append(item);
    });
  }

  function markSeen(userId) {
    const chat = state.chats.get(userId);
    if (!chat) return;
    const ids = [...chat.messages.keys()];
    const newest = Math.max(0, ...ids);
    state.seen[userId] = Math.max(state.seen[userId] || 0, newest);
    localStorage.setItem("demo.seen", JSON.stringify(state.seen));
    state.unread.set(userId, new Set());
  }

  async function openChat(userId) {
    hideOtherChats(userId);
    state.active = userId;
    state.keyboardHidden = false;
    localStorage.setItem("demo.active", String(userId));
    history.replaceState(null, "", `#${userId}`);
    $("#app").dataset.view = "chat";
    closeMenu();
    await loadChat(userId);
    if (state.active !== userId) return; // another persona was picked meanwhile
    markSeen(userId);
    drawPeople();
    drawChat();
    $("#composer-input").focus({ preventScroll: true });
  }

  // ---------- one message ----------

  const COMMAND = /(^|[\s(（，。；：！？、“])(\/[a-zA-Z0-9_]{1,32})(?=$|[\s.,;:!?)，。；：！？）、”])/g;

  // A date or a time range reads as one word: a line may break before or after it, never inside
  // (the en dash would otherwise allow "09:00–" at a line's end and "11:00" on the next).
  const UNBROKEN = /\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}[–-]\d{1,2}:\d{2}/g;

  function appendPlain(parent, text) {
    let at = 0;
    for (const match of text.matchAll(UNBROKEN)) {
      parent.append(text.slice(at, match.index), el("span", "nobr", match[0]));
      at = match.index + match[0].length;
    }
    parent.append(text.slice(at));
  }

  function appendText(parent, text, linkCommands) {
    // Bot text gets tappable /commands, as Telegram's apps make them.
    if (!linkCommands) {
      appendPlain(parent, text);
      return;
    }
    let at = 0;
    for (const match of text.matchAll(COMMAND)) {
      const start = match.index + match[1].length;
      appendPlain(parent, text.slice(at, start));
      const cmd = el("span", "cmd", match[2]);
      cmd.setAttribute("role", "link");
      cmd.addEventListener("click", () => sendText(match[2]));
      parent.append(cmd);
      at = start + match[2].length;
    }
    appendPlain(parent, text.slice(at));
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return ["http:", "https:", "mailto:", "tel:"].includes(parsed.protocol) ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function entityNode(entity, text) {
    switch (entity.type) {
      case "bold": return el("strong");
      case "italic": return el("em");
      case "underline": return el("u");
      case "strikethrough": return el("s");
      case "code": return el("code");
      case "pre": {
        const pre = el("pre");
        if (entity.language) pre.dataset.language = entity.language;
        return pre;
      }
      case "blockquote":
      case "expandable_blockquote": return el("blockquote");
      case "spoiler": {
        const span = el("span", "spoiler");
        span.addEventListener("click", () => span.classList.add("shown"));
        return span;
      }
      case "text_link":
      case "url": {
        const href = safeUrl(entity.type === "url" ? text : entity.url);
        if (!href) return el("span");
        const a = el("a");
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        return a;
      }
      default: return el("span");
    }
  }

  // Entities are UTF-16 offsets, as JavaScript strings are: slice directly. Nested entities
  // become nested elements; one that runs past its parent is clipped to it.
  function renderEntities(parent, text, entities, from, to, linkCommands) {
    const sorted = entities
      .filter((e) => e.offset < to && e.offset + e.length > from)
      .sort((a, b) => a.offset - b.offset || b.length - a.length);
    let at = from;
    let i = 0;
    while (i < sorted.length) {
      const entity = sorted[i];
      const start = Math.max(entity.offset, at);
      const end = Math.min(entity.offset + entity.length, to);
      if (start > at) appendText(parent, text.slice(at, start), linkCommands);
      const inner = [];
      let j = i + 1;
      while (j < sorted.length && sorted[j].offset < end) inner.push(sorted[j++]);
      const node = entityNode(entity, text.slice(start, end));
      const linky = linkCommands && !["code", "pre", "text_link", "url"].includes(entity.type);
      renderEntities(node, text, inner, start, end, linky);
      parent.append(node);
      at = Math.max(at, end);
      i = j;
    }
    if (at < to) appendText(parent, text.slice(at, to), linkCommands);
  }

  function formatted(text, entities, fromBot) {
    const span = el("span", "text");
    renderEntities(span, text, entities || [], 0, text.length, fromBot);
    return span;
  }

  function sizeLabel(bytes) {
    if (!bytes) return "";
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  function mediaNodes(message) {
    const nodes = [];
    if (message.photo) {
      const img = el("img", "photo");
      img.src = message.photo.url;
      img.alt = message.caption || "";
      img.loading = "lazy";
      nodes.push(img);
    }
    if (message.document) {
      const link = el("a", "file");
      link.href = message.document.url;
      link.download = message.document.file_name || "";
      link.title = t("download");
      const icon = el("span", "file-icon");
      icon.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 4v11m0 0l-4-4m4 4l4-4M5 19h14"/></svg>';
      const info = el("span");
      info.append(el("div", "file-name", message.document.file_name || "file"));
      info.append(el("div", "file-size", sizeLabel(message.document.file_size)));
      link.append(icon, info);
      nodes.push(link);
    }
    if (message.location) {
      const box = el("div", "place");
      const pin = el("span", "place-pin");
      pin.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 21s-6-5.3-6-10a6 6 0 0112 0c0 4.7-6 10-6 10z"/><circle cx="12" cy="11" r="2"/></svg>';
      const info = el("span");
      const { latitude, longitude } = message.location;
      info.append(el("div", "place-title", t("location")));
      info.append(el("div", "place-coords", `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`));
      box.append(pin, info);
      nodes.push(box);
    }
    if (message.contact) {
      const box = el("div", "contact");
      const pin = el("span", "place-pin", "👤");
      const info = el("span");
      const c = message.contact;
      info.append(el("div", "place-title", [c.first_name, c.last_name].filter(Boolean).join(" ")));
      info.append(el("div", "place-coords", c.phone_number));
      box.append(pin, info);
      nodes.push(box);
    }
    return nodes;
  }

  function inlineKeyboard(message) {
    const rows = (message.reply_markup || {}).inline_keyboard;
    if (!message.from_bot || !rows || !rows.length) return null;
    const box = el("div", "inline-kb");
    for (const row of rows) {
      const line = el("div", "row");
      for (const button of row) {
        const node = el("button", null, button.text);
        node.type = "button";
        if (button.callback_data !== undefined) {
          node.dataset.data = button.callback_data;
          node.addEventListener("click", () => pressButton(message, button.callback_data, node));
        } else if (button.url) {
          const href = safeUrl(button.url);
          node.addEventListener("click", () => href && window.open(href, "_blank", "noopener"));
          node.textContent = `${button.text} ↗`;
        } else {
          node.disabled = true;
        }
        line.append(node);
      }
      box.append(line);
    }
    return box;
  }

  function messageNode(message) {
    const wrap = el("div", `msg ${message.from_bot ? "bot" : "me"}`);
    wrap.dataset.id = message.message_id;
    const bubble = el("div", "bubble");
    bubble.append(...mediaNodes(message));
    const text = message.caption || message.text || "";
    if (text) bubble.append(formatted(text, message.entities, message.from_bot));
    const meta = el("span", "meta");
    meta.textContent = (message.edited ? `${t("edited")} ` : "") + hhmm(message.time);
    bubble.append(meta);
    wrap.append(bubble);
    const keyboard = inlineKeyboard(message);
    if (keyboard) wrap.append(keyboard);
    return wrap;
  }

  // ---------- the open chat ----------

  function sortedMessages(userId) {
    const chat = state.chats.get(userId);
    return chat ? [...chat.messages.values()].sort((a, b) => a.message_id - b.message_id) : [];
  }

  function drawChat() {
    const person = personById(state.active);
    $("#chat-sub").textContent = person ? t("you_are", { name: person.name, role: t(person.role) }) : "";
    const box = $("#messages");
    box.replaceChildren();
    const messages = sortedMessages(state.active);
    if (!messages.length) box.append(el("div", "empty", t("empty_chat")));
    let lastDay = null;
    for (const message of messages) {
      const key = dayKey(message.time);
      if (key !== lastDay) {
        box.append(el("div", "day", dayLabel(message.time)));
        lastDay = key;
      }
      box.append(messageNode(message));
    }
    drawReplyKeyboard();
    scrollToEnd(false);
  }

  function scrollToEnd(smooth) {
    const box = $("#messages");
    box.style.scrollBehavior = smooth ? "smooth" : "auto";
    box.scrollTop = box.scrollHeight;
  }

  // The reply keyboard is the newest one the bot sent, until it removes it (or, if one-time,
  // until the user answers).
  function currentReplyKeyboard() {
    const messages = sortedMessages(state.active);
    let userSpokeAfter = false;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      if (!m.from_bot) {
        userSpokeAfter = true;
        continue;
      }
      const markup = m.reply_markup || {};
      if (markup.remove_keyboard) return null;
      if (markup.keyboard) {
        if (markup.one_time_keyboard && userSpokeAfter) return null;
        return markup;
      }
    }
    return null;
  }

  function drawReplyKeyboard() {
    const markup = currentReplyKeyboard();
    const box = $("#reply-keyboard");
    box.replaceChildren();
    const input = $("#composer-input");
    input.placeholder = (markup && markup.input_field_placeholder) || t("placeholder");
    const toggle = $("#kb-toggle");
    toggle.hidden = !markup;
    toggle.setAttribute("aria-label", t(state.keyboardHidden ? "show_keyboard" : "hide_keyboard"));
    if (!markup || state.keyboardHidden) {
      box.hidden = true;
      return;
    }
    for (const row of markup.keyboard) {
      const line = el("div", "row");
      for (const raw of row) {
        const button = typeof raw === "string" ? { text: raw } : raw;
        const node = el("button");
        node.type = "button";
        node.append(button.text);
        node.addEventListener("click", () => replyButton(button));
        line.append(node);
      }
      box.append(line);
    }
    box.hidden = false;
  }

  async function replyButton(button) {
    const userId = state.active;
    if (button.request_contact) await post(`/api/chats/${userId}/contact`);
    else if (button.request_location) await post(`/api/chats/${userId}/location`);
    else await post(`/api/chats/${userId}/send`, { text: button.text });
  }

  async function sendText(text) {
    const value = text.trim();
    if (!value || state.active === null) return;
    closeMenu();
    await post(`/api/chats/${state.active}/send`, { text: value });
  }

  async function pressButton(message, data, node) {
    clearPending();
    node.classList.add("loading");
    state.pending = { node, timer: setTimeout(clearPending, 4000) };
    try {
      await post(`/api/chats/${message.chat_id}/press`, { message_id: message.message_id, data });
    } catch {
      clearPending();
    }
  }

  function clearPending() {
    if (!state.pending) return;
    clearTimeout(state.pending.timer);
    state.pending.node.classList.remove("loading");
    state.pending = null;
  }

  // ---------- command menu ----------

  async function toggleMenu() {
    const menu = $("#command-menu");
    if (!menu.hidden) {
      closeMenu();
      return;
    }
    if (state.active === null) return;
    state.commands = await getJSON(`/api/chats/${state.active}/commands`);
    menu.replaceChildren();
    if (!state.commands.length) menu.append(el("div", "none", t("no_commands")));
    for (const command of state.commands) {
      const item = el("button");
      item.type = "button";
      item.setAttribute("role", "menuitem");
      item.append(el("span", "name", `/${command.command}`), el("span", "desc", command.description));
      item.addEventListener("click", () => sendText(`/${command.command}`));
      menu.append(item);
    }
    menu.hidden = false;
    $("#menu-button").setAttribute("aria-expanded", "true");
  }

  function closeMenu() {
    $("#command-menu").hidden = true;
    $("#menu-button").setAttribute("aria-expanded", "false");
  }

  // ---------- toast and alert ----------

  // A toast or alert answering a button belongs to the chat it came from (data-chat): leaving
  // that chat hides it, so it never shows over another persona's chat. The clock's toasts
  // belong to no chat and stay.
  let toastTimer = null;
  function toast(text, chatId = null) {
    const node = $("#toast");
    node.textContent = text;
    node.dataset.chat = chatId === null ? "" : String(chatId);
    node.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { node.hidden = true; }, 2600);
  }

  function alertBox(text, chatId) {
    $("#alert-text").textContent = text;
    $("#alert").dataset.chat = String(chatId);
    $("#alert").hidden = false;
    $("#alert-ok").focus();
  }

  function hideOtherChats(userId) {
    for (const node of [$("#toast"), $("#alert")]) {
      const owner = node.dataset.chat;
      if (owner && owner !== String(userId)) node.hidden = true;
    }
  }

  // ---------- live events ----------

  function upsert(message) {
    const chat = state.chats.get(message.chat_id);
    if (chat) chat.messages.set(message.message_id, message);
    state.previews.set(message.chat_id, message);
  }

  function onMessage(event) {
    const message = event.message;
    const userId = message.chat_id;
    upsert(message);
    const visible = userId === state.active && document.visibilityState === "visible"
      && $("#app").dataset.view === "chat";
    if (message.from_bot && !visible) {
      if (!state.unread.has(userId)) state.unread.set(userId, new Set());
      state.unread.get(userId).add(message.message_id);
    }
    if (userId === state.active) {
      clearPending();
      if (visible) markSeen(userId);
      if (message.from_bot) state.keyboardHidden = false;
      drawChat();
      const node = document.querySelector(`.msg[data-id="${message.message_id}"]`);
      if (node) node.classList.add("arrived");
    }
    drawPeople();
  }

  function onEdit(event) {
    const message = event.message;
    upsert(message);
    drawPeople();
    if (message.chat_id !== state.active) return;
    clearPending();
    const old = document.querySelector(`.msg[data-id="${message.message_id}"]`);
    if (old) {
      const box = $("#messages");
      const atEnd = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
      const fresh = messageNode(message);
      fresh.classList.add("changed");
      old.replaceWith(fresh);
      drawReplyKeyboard();
      if (atEnd) scrollToEnd(true); // a card that grew stays in view, as in Telegram
    } else {
      drawChat();
    }
  }

  function onDelete(event) {
    const chat = state.chats.get(event.chat_id);
    if (chat) chat.messages.delete(event.message.message_id);
    const set = state.unread.get(event.chat_id);
    if (set) set.delete(event.message.message_id);
    if (event.chat_id === state.active) drawChat();
    drawPeople();
  }

  function onAnswer(event) {
    if (event.chat_id !== state.active) return;
    clearPending();
    const answer = event.answer || {};
    if (!answer.text) return;
    if (answer.show_alert) alertBox(answer.text, event.chat_id);
    else toast(answer.text, event.chat_id);
  }

  function connect() {
    const source = new EventSource("/api/events");
    source.onopen = async () => {
      $("#conn").hidden = true;
      // After a reconnect, fetch what happened while we were away; other chats reload when opened.
      for (const id of [...state.chats.keys()]) if (id !== state.active) state.chats.delete(id);
      await loadState();
      if (state.active !== null) await loadChat(state.active, true);
      showClock();
      drawPeople();
      if (state.active !== null) drawChat();
    };
    source.onerror = () => { $("#conn").hidden = false; };
    source.onmessage = (raw) => {
      const event = JSON.parse(raw.data);
      if (event.type === "message") onMessage(event);
      else if (event.type === "edit") onEdit(event);
      else if (event.type === "delete") onDelete(event);
      else if (event.type === "callback_answer") onAnswer(event);
      else if (event.type === "clock") {
        state.now = event.now;
        showClock();
      }
    };
  }

  // ---------- clock ----------

  async function moveClock(step, button) {
    for (const b of document.querySelectorAll("[data-step]")) b.disabled = true;
    try {
      const result = await post("/api/clock", { step });
      state.now = result.now;
      showClock();
      if (!result.moved) toast(t("nothing_owed"));
      else toast(t("clock_moved", { time: `${dayLabel(result.now)} ${hhmm(result.now)}` }));
    } finally {
      for (const b of document.querySelectorAll("[data-step]")) b.disabled = false;
      button.focus();
    }
  }

  // ---------- start ----------

  function wire() {
    $("#composer").addEventListener("submit", async (event) => {
      event.preventDefault();
      const input = $("#composer-input");
      const text = input.value;
      input.value = "";
      await sendText(text);
    });
    $("#menu-button").addEventListener("click", toggleMenu);
    $("#kb-toggle").addEventListener("click", () => {
      state.keyboardHidden = !state.keyboardHidden;
      drawReplyKeyboard();
    });
    $("#back").addEventListener("click", () => {
      hideOtherChats(null); // the list shows no chat
      $("#app").dataset.view = "list";
      drawPeople();
    });
    $("#alert-ok").addEventListener("click", () => { $("#alert").hidden = true; });
    $("#lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "zh" ? "en" : "zh";
      localStorage.setItem("demo.lang", state.lang);
      applyWords();
      showClock();
      drawPeople();
      if (state.active !== null) drawChat();
    });
    for (const button of document.querySelectorAll("[data-step]")) {
      button.addEventListener("click", () => moveClock(button.dataset.step, button));
    }
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        closeMenu();
        $("#alert").hidden = true;
      }
    });
    document.addEventListener("click", (event) => {
      if (!event.target.closest("#command-menu, #menu-button")) closeMenu();
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && state.active !== null) {
        markSeen(state.active);
        drawPeople();
      }
    });
  }

  async function main() {
    wire();
    await loadState();
    applyWords();
    showClock();
    const fromHash = Number(location.hash.slice(1));
    const remembered = Number(localStorage.getItem("demo.active"));
    const pick = [fromHash, remembered].find((id) => personById(id));
    drawPeople();
    const wide = window.matchMedia("(min-width: 761px)").matches;
    if (pick || wide) await openChat(pick || state.personas[0].id);
    connect();
  }

  main();
})();
