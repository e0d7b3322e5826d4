"""The Lua scripts that keep the shared budget and the webhook claims atomic on the Redis server.

Times are the server's (``TIME``), in milliseconds: every host agrees on them whatever its own clock says.
A script returns numbers as strings, since Redis would cut a Lua number down to an integer.
"""

from __future__ import annotations

from .._pacing import MARGIN_DECAY_WINDOWS, MARGIN_STEP, MAX_MARGIN

# The shared log of send times (a sorted set, scores in ms, possibly in the future) and the budget's state
# (a hash: paused_until, the max and window learned from HubSpot's headers, a sequence for unique members).
# The same sliding log as the local Pacer: no window of window * (1 + margin) ms holds more than max sends.
# Like the local Pacer's, the margin widens by MARGIN_STEP with each 429 pause (the state's 'widened') and
# narrows back with the answers that follow.
_COMMON = (
    f"local MARGIN_STEP, MAX_MARGIN, DECAY_WINDOWS = {MARGIN_STEP!r}, {MAX_MARGIN!r}, {MARGIN_DECAY_WINDOWS!r}"
    + """
local log, state = KEYS[1], KEYS[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local max, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local margin, follow, jitter = tonumber(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5])
if follow then
  local learned = redis.call('HMGET', state, 'max', 'window')
  if learned[1] and learned[2] then max, window = tonumber(learned[1]), tonumber(learned[2]) end
end
local widened = tonumber(redis.call('HGET', state, 'widened') or '0')
local span = window * (1 + margin + widened) + jitter
local widest = window * (1 + math.max(MAX_MARGIN, margin)) + jitter
local function keep()
  -- Both keys live as long as their last reservation or pause, plus a window and a minute.
  local last = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')[2] or now
  local paused = tonumber(redis.call('HGET', state, 'paused_until') or '0')
  local ttl = math.ceil(math.max(tonumber(last), paused, now) - now + span) + 60000
  redis.call('PEXPIRE', log, ttl)
  redis.call('PEXPIRE', state, ttl)
end
local function trim()
  local excess = redis.call('ZCARD', log) - 2 * max
  if excess > 0 then redis.call('ZREMRANGEBYRANK', log, 0, excess - 1) end
end
"""
)

# ARGV: max, window_ms, margin, follow, jitter_ms, within_ms (-1: none), max_wait_ms, and the epoch the caller
# saw in its last reservation less than KNOWN_FOR_MS ago ('' if none). Returns {wait in ms, epoch}.
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
  local last = redis.call('HINCRBY', state, 'seq', max)
  local entries = {}
  for n = last - max + 1, last do
    entries[#entries + 1] = now
    entries[#entries + 1] = n
  end
  redis.call('ZADD', log, unpack(entries))
  trim()
end
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - widest)  -- kept for the widest margin
local at = math.max(now, tonumber(redis.call('HGET', state, 'paused_until') or '0'))
local count = redis.call('ZCARD', log)
if count >= max then
  local edge = redis.call('ZRANGE', log, count - max, count - max, 'WITHSCORES')
  at = math.max(at, tonumber(edge[2]) + span)
end
at = math.min(at, now + max_wait)
local wait = at - now
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
    local last = redis.call('HINCRBY', state, 'seq', others)
    local entries = {}
    for n = last - others + 1, last do
      entries[#entries + 1] = now
      entries[#entries + 1] = n
    end
    redis.call('ZADD', log, unpack(entries))
    trim()
  end
end
if ARGV[9] ~= '' then
  local paused = tonumber(redis.call('HGET', state, 'paused_until') or '0')
  if now >= paused then  -- once per pause: a full window answers 429 to everyone in flight
    widened = math.min(widened + MARGIN_STEP, math.max(MAX_MARGIN - margin, 0))
    redis.call('HSET', state, 'widened', tostring(widened))
  end
  local until_ = now + tonumber(ARGV[9])
  if until_ > paused then
    redis.call('HSET', state, 'paused_until', tostring(until_))
  end
elseif widened > 0 and ARGV[8] ~= '' then
  widened = math.max(widened - MARGIN_STEP / (DECAY_WINDOWS * max), 0)
  redis.call('HSET', state, 'widened', tostring(widened))
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
