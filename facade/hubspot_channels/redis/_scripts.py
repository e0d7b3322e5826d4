"""The Lua scripts that keep the shared budget and the webhook claims atomic on the Redis server.

Times are the server's (``TIME``), in milliseconds: every host agrees on them whatever its own clock says.
A script returns numbers as strings, since Redis would cut a Lua number down to an integer.
"""

from __future__ import annotations

from .._pacing import (
    MARGIN_DECAY_WINDOWS,
    MARGIN_STEP,
    MAX_INTERVAL,
    MAX_MARGIN,
    MAX_PAUSE,
    MAX_REQUESTS,
    MAX_WAIT,
)

# The shared log of send times (a sorted set, scores in ms, possibly in the future) and the budget's state
# (a hash: paused_until, the max and window learned from HubSpot's headers, a sequence for unique members).
# The same sliding log as the local Pacer: no window of window * (1 + margin) ms holds more than max sends.
# Like the local Pacer's, the margin widens by MARGIN_STEP with each 429 pause (the state's 'widened', since
# 'widened_at') and narrows back with time: (MAX_MARGIN - margin) / DECAY_WINDOWS per window without a 429.
# Whatever the hash holds (another tool or version, a corrupted restore) is read through bounded(): unreadable
# or NaN counts as the default, anything else is clamped, so no value can shrink the window, fail the script
# or keep a key forever.
_COMMON = (
    f"local MARGIN_STEP, MAX_MARGIN, DECAY_WINDOWS = {MARGIN_STEP!r}, {MAX_MARGIN!r}, {MARGIN_DECAY_WINDOWS!r}"
    + f"\nlocal MAX_REQUESTS, MAX_WINDOW = {MAX_REQUESTS!r}, {MAX_INTERVAL * 1000!r}"
    + f"\nlocal MAX_PAUSE, LONGEST_TTL = {MAX_PAUSE * 1000!r}, {round((2 * MAX_WAIT + 60) * 1000)!r}"
    + """
local function bounded(value, default, low, high)
  local number = tonumber(value)
  if number == nil or number ~= number then return default end
  return math.min(math.max(number, low), high)
end
local log, state = KEYS[1], KEYS[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local max, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local margin, follow, jitter = tonumber(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5])
if follow then
  local learned = redis.call('HMGET', state, 'max', 'window')
  if learned[1] and learned[2] then
    max = math.floor(bounded(learned[1], max, 1, MAX_REQUESTS))
    window = bounded(learned[2], window, 1, MAX_WINDOW)
  end
end
local widest_widened = math.max(MAX_MARGIN - margin, 0)
local widened = bounded(redis.call('HGET', state, 'widened'), 0, 0, widest_widened)
local function paused_until()
  return bounded(redis.call('HGET', state, 'paused_until'), 0, 0, now + MAX_PAUSE)
end
local span = window * (1 + margin + widened) + jitter
local widest = window * (1 + math.max(MAX_MARGIN, margin)) + jitter
local function keep()
  -- Both keys live as long as their last reservation or pause, plus a window and a minute.
  local last = bounded(redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')[2], now, now, now + LONGEST_TTL)
  local ttl = math.ceil(math.max(last, paused_until(), now) - now + span) + 60000
  redis.call('PEXPIRE', log, ttl)
  redis.call('PEXPIRE', state, ttl)
end
local function add_now(count)
  -- count entries at now, unique members from the state's seq; in chunks: unpack() takes a few thousand
  local last = redis.call('HINCRBY', state, 'seq', count)
  for first = last - count + 1, last, 1000 do
    local entries = {}
    for n = first, math.min(first + 999, last) do
      entries[#entries + 1] = now
      entries[#entries + 1] = n
    end
    redis.call('ZADD', log, unpack(entries))
  end
end
local function trim()
  local excess = redis.call('ZCARD', log) - 2 * max
  if excess > 0 then redis.call('ZREMRANGEBYRANK', log, 0, excess - 1) end
end
"""
)

# ARGV: max, window_ms, margin, follow, jitter_ms, within_ms (-1: none), max_wait_ms, and the epoch the caller
# saw in its last reservation less than KNOWN_FOR_MS ago ('' if none). Returns {wait in ms, epoch}, plus
# 'backlog' when the wait is beyond max_wait (nothing claimed).
# The state's epoch is born with it: a caller that knew another one sees state that vanished before its
# time (FLUSHALL, a restart without persistence, a failover), while HubSpot still counts the sends just
# made. The budget is then unknown: assume a full window from now, once per lost epoch.
RESERVE = (
    _COMMON
    + """
local within, max_wait, known = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local epoch = redis.call('HGET', state, 'epoch')
if not epoch then
  epoch = t[1] .. '.' .. t[2]
  redis.call('HSET', state, 'epoch', epoch)
end
if known ~= '' and known ~= epoch and known ~= redis.call('HGET', state, 'lost') then
  redis.call('HSET', state, 'lost', known)
  add_now(max)
  trim()
end
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - widest)  -- kept for the widest margin
local at = math.max(now, paused_until())
local count = redis.call('ZCARD', log)
if count >= max then
  local edge = redis.call('ZRANGE', log, count - max, count - max, 'WITHSCORES')
  at = math.max(at, bounded(edge[2], now, now - widest, now + LONGEST_TTL) + span)
end
local wait = at - now
if wait > max_wait then  -- booked too far ahead: refused, not piled into one window (RateLimitBacklogError)
  keep()
  return {tostring(wait), epoch, 'backlog'}
end
if within >= 0 and wait > 0 and wait >= within then
  keep()
  return {tostring(wait), epoch}
end
redis.call('ZADD', log, at, redis.call('HINCRBY', state, 'seq', 1))
trim()
keep()
return {tostring(wait), epoch}
"""
)

# ARGV: max, window_ms, margin, follow, jitter_ms, then what the answer said, each '' when absent or unusable:
# header max, header window_ms, remaining, pause_ms (a 429's).
OBSERVE = (
    _COMMON
    + """
if follow and ARGV[6] ~= '' and ARGV[7] ~= '' then
  max, window = tonumber(ARGV[6]), tonumber(ARGV[7])
  redis.call('HSET', state, 'max', max, 'window', window)
  span = window * (1 + margin + widened) + jitter
end
if ARGV[8] ~= '' then
  -- Requests HubSpot counted that nobody sent through this log (another client of the account): count
  -- them as sent now, so that every process waits for them.
  local ours = redis.call('ZCOUNT', log, '(' .. (now - span), now)
  local others = max - ours - tonumber(ARGV[8])
  if others > 0 then
    add_now(others)
    trim()
  end
end
if ARGV[9] ~= '' then
  local paused = paused_until()
  if now >= paused then  -- once per pause: a full window answers 429 to everyone in flight
    widened = math.min(widened + MARGIN_STEP, widest_widened)
  end
  redis.call('HSET', state, 'widened', tostring(widened), 'widened_at', tostring(now))
  local until_ = now + tonumber(ARGV[9])
  if until_ > paused then
    redis.call('HSET', state, 'paused_until', tostring(until_))
  end
elseif widened > 0 and ARGV[8] ~= '' then
  local since = bounded(redis.call('HGET', state, 'widened_at'), now, now - DECAY_WINDOWS * window, now)
  widened = math.max(widened - widest_widened / DECAY_WINDOWS * (now - since) / window, 0)
  redis.call('HSET', state, 'widened', tostring(widened), 'widened_at', tostring(now))
end
keep()
return 'ok'
"""
)

# Webhook claims: one key per event, holding the claim's token or "done".
# ARGV: token, ttl_ms. Returns new, done or in_progress.
CLAIM = """
local held = redis.call('GET', KEYS[1])
if not held then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 'new'
end
if held == 'done' then return 'done' end
return 'in_progress'
"""

# ARGV: token, done_ttl_ms. Done unless another (unexpired) claim holds the key.
COMPLETE = """
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] or not held then
  redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
end
return 'ok'
"""

# ARGV: token. Drops the claim only if it is still token's.
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 'ok'
"""
