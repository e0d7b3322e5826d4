"""The Lua scripts of ``RedisOutboxStore``: each step of the outbox contract is one atomic script.

Every script gets ARGV[1] = the key prefix (``<namespace>:outbox:{<queue>}:``; the hash tag puts every key of
one queue on one Redis Cluster slot, entry keys included, which scripts derive from the prefix) and
ARGV[2] = now in ms, or '' for the server's clock (``TIME``), so that hosts agree on lease expiry.
Numbers come back as strings: Redis would cut a Lua number down to an integer.
"""

from __future__ import annotations

_COMMON = """
local p = ARGV[1]
local now
if ARGV[2] ~= '' then
  now = tonumber(ARGV[2])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local IDS, READY, DELAYED, LEASED = p .. 'ids', p .. 'ready', p .. 'delayed', p .. 'leased'
local DEAD, TALLY, SEQ, NEXT_ID = p .. 'dead', p .. 'tally', p .. 'seq', p .. 'next_id'
local function entry(id) return p .. 'e:' .. id end
"""

# ARGV[3..]: per update channel, message, status, error ('' for none, else '=' .. text).
# Returns one '1' (accepted) or '0' (dropped by the order rule) per update.
ENQUEUE = (
    _COMMON
    + """
local rank = {SENT = 1, FAILED = 1, READ = 2}
local out = {}
for i = 3, #ARGV, 4 do
  local channel, message, status, err = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local field = channel .. ':' .. message
  local id = redis.call('HGET', IDS, field)
  local accepted, state = true, nil
  if id then
    -- The order rule (``_rules.accepts``): READ is terminal, no lower rank, no repeat of the latest.
    local latest = redis.call('HMGET', entry(id), 'status', 'error', 'state')
    local before, after = rank[latest[1]], rank[status]
    if before == 2 or after < before or (latest[1] == status and latest[2] == err) then
      accepted = false
    end
    state = latest[3]
  end
  if accepted then
    local e
    if not id then
      id = redis.call('INCR', NEXT_ID)
      redis.call('HSET', IDS, field, id)
      local seq = redis.call('INCR', SEQ)
      redis.call('HSET', entry(id), 'channel', channel, 'message', message, 'status', status, 'error', err,
        'version', 1, 'state', 'pending', 'seq', seq, 'attempts', 0, 'updated_at', now)
      redis.call('ZADD', READY, seq, id)
    elseif state == 'pending' or state == 'in_flight' then
      -- Coalesced: the queued update becomes this one and keeps its place.
      redis.call('HSET', entry(id), 'status', status, 'error', err, 'updated_at', now)
      redis.call('HINCRBY', entry(id), 'version', 1)
    else
      -- Done, dead or dropped: queued again, at the back.
      local seq = redis.call('INCR', SEQ)
      if state == 'dead' then redis.call('ZREM', DEAD, id) else redis.call('HINCRBY', TALLY, state, -1) end
      redis.call('HSET', entry(id), 'status', status, 'error', err, 'state', 'pending', 'seq', seq,
        'attempts', 0, 'updated_at', now)
      redis.call('HINCRBY', entry(id), 'version', 1)
      redis.call('HDEL', entry(id), 'last_error', 'last_status_code')
      redis.call('ZADD', READY, seq, id)
    end
    out[#out + 1] = '1'
  else
    out[#out + 1] = '0'
  end
end
return table.concat(out)
"""
)

# ARGV[3] limit, ARGV[4] lease ms, ARGV[5] owner, ARGV[6] token. Returns expires, then per lease:
# id, channel, message, status, error, version, attempts.
LEASE = (
    _COMMON
    + """
local limit, expires = tonumber(ARGV[3]), now + tonumber(ARGV[4])
-- Retries whose back-off is over join the queue at their old place.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', DELAYED, '-inf', now, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', DELAYED, id)
  redis.call('ZADD', READY, redis.call('HGET', entry(id), 'seq'), id)
end
-- Expired leases first (oldest queue position first), then the queue.
local taken = redis.call('ZRANGEBYSCORE', LEASED, '-inf', now, 'LIMIT', 0, 1000)
if #taken > 1 then
  local seqs = {}
  for _, id in ipairs(taken) do seqs[id] = tonumber(redis.call('HGET', entry(id), 'seq')) end
  table.sort(taken, function(a, b) return seqs[a] < seqs[b] end)
end
while #taken > limit do table.remove(taken) end
if #taken < limit then
  for _, id in ipairs(redis.call('ZRANGE', READY, 0, limit - #taken - 1)) do
    redis.call('ZREM', READY, id)
    taken[#taken + 1] = id
  end
end
local out = {tostring(expires)}
for _, id in ipairs(taken) do
  local e = entry(id)
  redis.call('ZADD', LEASED, expires, id)
  local version = redis.call('HGET', e, 'version')
  redis.call('HSET', e, 'state', 'in_flight', 'owner', ARGV[5], 'token', ARGV[6], 'expires', expires,
    'leased_version', version, 'updated_at', now)
  local f = redis.call('HMGET', e, 'channel', 'message', 'status', 'error', 'attempts')
  out[#out + 1] = id
  out[#out + 1] = f[1]
  out[#out + 1] = f[2]
  out[#out + 1] = f[3]
  out[#out + 1] = f[4]
  out[#out + 1] = version
  out[#out + 1] = f[5]
end
return out
"""
)

# ARGV[3] id, ARGV[4] token, ARGV[5] complete|retry|release|bury, ARGV[6] the lease's version,
# ARGV[7] sent status (complete) or delay ms (retry), ARGV[8] error, ARGV[9] HTTP status ('' none).
# Nothing happens unless the entry still holds this token. Returns ok or stale.
SETTLE = (
    _COMMON
    + """
local id, kind = ARGV[3], ARGV[5]
local e = entry(id)
local held = redis.call('HMGET', e, 'state', 'token', 'version', 'seq')
if held[1] ~= 'in_flight' or held[2] ~= ARGV[4] then return 'stale' end
redis.call('ZREM', LEASED, id)
redis.call('HDEL', e, 'owner', 'token', 'expires', 'leased_version')
redis.call('HSET', e, 'updated_at', now)
local unchanged = held[3] == ARGV[6]
local function requeue()
  redis.call('HSET', e, 'state', 'pending')
  redis.call('ZADD', READY, held[4], id)
end
if kind == 'complete' then
  redis.call('HSET', e, 'sent_status', ARGV[7], 'attempts', 0)
  redis.call('HDEL', e, 'last_error', 'last_status_code')
  if unchanged then
    redis.call('HSET', e, 'state', 'done')
    redis.call('HINCRBY', TALLY, 'done', 1)
  else
    requeue()
  end
elseif kind == 'retry' then
  redis.call('HSET', e, 'state', 'pending', 'last_error', ARGV[8])
  redis.call('HINCRBY', e, 'attempts', 1)
  redis.call('ZADD', DELAYED, now + tonumber(ARGV[7]), id)
elseif kind == 'release' then
  requeue()
else
  redis.call('HSET', e, 'last_error', ARGV[8], 'last_status_code', ARGV[9])
  redis.call('HINCRBY', e, 'attempts', 1)
  if unchanged then
    redis.call('HSET', e, 'state', 'dead')
    redis.call('ZADD', DEAD, now, id)
  else
    requeue()
  end
end
return 'ok'
"""
)

# Returns pending, in flight, expired leases, dead, done, dropped.
COUNTS = (
    _COMMON
    + """
local tally = redis.call('HMGET', TALLY, 'done', 'dropped')
return {
  tostring(redis.call('ZCARD', READY) + redis.call('ZCARD', DELAYED)),
  tostring(redis.call('ZCARD', LEASED)),
  tostring(redis.call('ZCOUNT', LEASED, '-inf', now)),
  tostring(redis.call('ZCARD', DEAD)),
  tally[1] or '0',
  tally[2] or '0',
}
"""
)

# ARGV[3] limit (-1: all). Returns per dead letter: id, channel, message, status, error, last error,
# HTTP status, attempts, failed at (ms).
DEAD_LIST = (
    _COMMON
    + """
local out = {}
local ids = redis.call('ZRANGE', DEAD, 0, tonumber(ARGV[3]), 'WITHSCORES')
for i = 1, #ids, 2 do
  local f = redis.call('HMGET', entry(ids[i]), 'channel', 'message', 'status', 'error', 'last_error',
    'last_status_code', 'attempts')
  out[#out + 1] = ids[i]
  for j = 1, 7 do out[#out + 1] = f[j] or '' end
  out[#out + 1] = ids[i + 1]
end
return out
"""
)

# ARGV[3] retry|drop, ARGV[4..] ids (none: every dead letter). Returns how many changed.
CHANGE_DEAD = (
    _COMMON
    + """
local ids = {}
if #ARGV >= 4 then
  for i = 4, #ARGV do
    if redis.call('ZREM', DEAD, ARGV[i]) == 1 then ids[#ids + 1] = ARGV[i] end
  end
else
  ids = redis.call('ZRANGE', DEAD, 0, -1)
  redis.call('DEL', DEAD)
end
-- To the back of the queue together, in id order among themselves.
table.sort(ids, function(a, b) return tonumber(a) < tonumber(b) end)
for _, id in ipairs(ids) do
  local e = entry(id)
  if ARGV[3] == 'retry' then
    local seq = redis.call('INCR', SEQ)
    redis.call('HSET', e, 'state', 'pending', 'seq', seq, 'attempts', 0, 'updated_at', now)
    redis.call('HDEL', e, 'last_error', 'last_status_code')
    redis.call('ZADD', READY, seq, id)
  else
    redis.call('HSET', e, 'state', 'dropped', 'updated_at', now)
    redis.call('HINCRBY', TALLY, 'dropped', 1)
  end
end
return tostring(#ids)
"""
)
