-- wrk script of bench/soak.sh: a mixed workload against `crosswalk serve`, mostly reads, with
-- evidence uploads and imports of real tool outputs at a steady rate in time (not a share of the
-- requests, so the database grows by the same amount whatever the read throughput).
--
--   wrk -tN -cN -s bench/soak.lua URL -- TOKEN CONTROL_IDS IMPORT_LIST UPLOADS_PER_S IMPORTS_PER_S N
--     CONTROL_IDS    comma-separated control ids (uploads and control reads spread over them)
--     IMPORT_LIST    a file naming one tool output per line (read once per thread at init)
--     *_PER_S        totals over all threads (each thread takes its share, staggered)
--     N              the number of wrk threads (= connections)
--
-- Run with as many wrk threads as connections: each thread's Lua state then serves exactly one
-- connection, whose answers come back in the order of its requests, so response() knows which
-- request it answers (wrk's Lua API has no connection identity). That gives non-2xx counts and
-- latency percentiles per request kind; done() merges the threads and prints lines
-- "SOAK <key> <value...>" that soak.sh reads.
local ffi_ok, ffi = pcall(require, "ffi")
local now -- seconds, monotonic when LuaJIT's ffi is there, else whole seconds of the wall clock
if ffi_ok then
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
    int clock_gettime(int clock, soak_timespec *ts);
  ]]
  local ts = ffi.new("soak_timespec")
  now = function()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
  end
else
  now = os.time
end

-- Main state: the threads, to merge their tables in done().
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

-- Per thread.
local token, headers, controls, reads
local import_bodies = {}
local upload_every, import_every, next_upload, next_import
local n, uploads, imports = 0, 0, 0
local boundary = "----crosswalk-soak-boundary-7f3a9c"
local pending_kind, pending_at
-- Results, read by done() through thread:get(): per kind, answers by status and a latency
-- histogram (bucket = floor(50 * ln(microseconds)): 2 % wide), plus a few non-2xx examples.
stats = {}
errors = {}
timing = ffi_ok

local function split(s, sep)
  local out = {}
  for part in string.gmatch(s, "[^" .. sep .. "]+") do table.insert(out, part) end
  return out
end

local function part(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" ..
           value .. "\r\n"
end

local function file_part(filename, content)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" ..
           filename .. "\"\r\nContent-Type: application/octet-stream\r\n\r\n" .. content .. "\r\n"
end

function init(args)
  token = args[1]
  controls = split(args[2], ",")
  local list = args[3]
  local uploads_per_s, imports_per_s = tonumber(args[4]), tonumber(args[5])
  local nthreads = tonumber(args[6])
  headers = {["Authorization"] = "Bearer " .. token}
  for path in io.lines(list) do
    local f = assert(io.open(path, "rb"))
    local content = f:read("*a")
    f:close()
    table.insert(import_bodies, {name = string.match(path, "[^/]+$"), content = content})
  end
  -- Each thread writes at its share of the rate, its first write staggered within the period so
  -- the threads' writes interleave instead of coming in bursts.
  local t0 = now()
  local share = (id - 1) / nthreads
  upload_every = uploads_per_s > 0 and nthreads / uploads_per_s or math.huge
  import_every = imports_per_s > 0 and nthreads / imports_per_s or math.huge
  next_upload = t0 + share * upload_every
  next_import = t0 + (share + 0.5 / nthreads) * import_every
  local c = controls
  local f27, f42 = "/api/v1/frameworks/iso27001-2022", "/api/v1/frameworks/iso42001-2023"
  -- The read cycle (kind, path or function of the turn).
  reads = {
    {"readiness", "/api/v1/readiness"},
    {"framework", f27},
    {"control", function(k) return "/api/v1/controls/" .. c[k % #c + 1] end},
    {"controls", function(k) return "/api/v1/controls?limit=50&offset=" .. (k % 3) * 50 end},
    {"readiness", "/api/v1/readiness"},
    {"evidence", function(k) return "/api/v1/evidence?limit=20&offset=" .. (k % 10) * 20 end},
    {"page", "/"},
    {"framework", f42},
    {"dashboard_json", "/api/v1/gap?source=iso27001-2022&target=iso42001-2023"},
    {"results", "/api/v1/imports?limit=10"},
    {"control", function(k) return "/api/v1/controls/" .. c[(k * 7) % #c + 1] end},
    {"page", function(k) return "/controls/" .. c[(k * 3) % #c + 1] end},
    {"dashboard_json", "/api/v1/renewals"},
    {"results", "/api/v1/findings?limit=20"},
    {"readiness", "/api/v1/readiness"},
    {"page", "/evidence"},
    {"dashboard_json", "/api/v1/changes"},
  }
end

-- Evidence upload: a small text file, its content one of 64 per thread (the vault grows to at
-- most 64 files per thread, 0.2-4 KB each; the database gets one evidence row per upload).
local function upload()
  uploads = uploads + 1
  local k = uploads % 64
  local content = string.format("soak evidence, thread %d, variant %d\n", id, k) ..
                    string.rep("log line " .. k .. "\n", (k * 37) % 300)
  local body = part("control", controls[(uploads * 5 + id) % #controls + 1]) ..
                 part("valid_days", "365") .. part("note", "soak upload " .. uploads) ..
                 file_part(string.format("soak-%d-%d.txt", id, k), content) ..
                 "--" .. boundary .. "--\r\n"
  return body
end

local function import_body()
  imports = imports + 1
  local f = import_bodies[(imports + id) % #import_bodies + 1]
  return part("scope", string.format("soak-%d-%d", id, imports % 8)) ..
           file_part(f.name, f.content) .. "--" .. boundary .. "--\r\n"
end

local multipart_headers
request = function()
  local t = now()
  multipart_headers = multipart_headers or {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
  }
  local req
  if t >= next_import then
    next_import = next_import + import_every
    if next_import <= t then next_import = t + import_every end -- late: no catching up in a burst
    pending_kind = "import"
    req = wrk.format("POST", "/api/v1/imports", multipart_headers, import_body())
  elseif t >= next_upload then
    next_upload = next_upload + upload_every
    if next_upload <= t then next_upload = t + upload_every end
    pending_kind = "upload"
    req = wrk.format("POST", "/api/v1/evidence", multipart_headers, upload())
  else
    n = n + 1
    local r = reads[n % #reads + 1]
    local path = type(r[2]) == "function" and r[2](math.floor(n / #reads)) or r[2]
    pending_kind = r[1]
    req = wrk.format("GET", path, headers)
  end
  pending_at = now()
  return req
end

-- Counters in one flat table (wrk's thread:get() crashes on nested tables): "<kind> n",
-- "<kind> bad", "<kind> status <code>", "<kind> h <bucket>".
local function add(key, v) stats[key] = (stats[key] or 0) + v end

response = function(status, hdrs, body)
  local kind = pending_kind or "unknown"
  add(kind .. " n", 1)
  if status < 200 or status > 299 then
    add(kind .. " bad", 1)
    add(kind .. " status " .. status, 1)
    if #errors < 5 then
      table.insert(errors, kind .. " " .. status .. " " .. string.sub(body or "", 1, 160))
    end
  end
  if timing and pending_at then
    local us = math.max(1, (now() - pending_at) * 1e6)
    add(kind .. " h " .. math.floor(50 * math.log(us)), 1)
  end
  pending_kind, pending_at = nil, nil
end

local function quantile(hist, total, q)
  local keys = {}
  for b in pairs(hist) do table.insert(keys, b) end
  table.sort(keys)
  local want, seen = q * total, 0
  for _, b in ipairs(keys) do
    seen = seen + hist[b]
    if seen >= want then return math.exp((b + 1) / 50) / 1000 end -- upper edge, ms
  end
  return 0
end

done = function(summary, latency, requests)
  local merged, examples = {}, {}
  local timed = true
  for _, t in ipairs(threads) do
    timed = timed and t:get("timing")
    for key, v in pairs(t:get("stats") or {}) do
      local kind, what, arg = string.match(key, "^(%S+) (%S+) ?(%S*)$")
      local m = merged[kind]
      if not m then
        m = {count = 0, bad = 0, statuses = {}, hist = {}}
        merged[kind] = m
      end
      if what == "n" then
        m.count = m.count + v
      elseif what == "bad" then
        m.bad = m.bad + v
      elseif what == "status" then
        m.statuses[arg] = (m.statuses[arg] or 0) + v
      else
        local b = tonumber(arg)
        m.hist[b] = (m.hist[b] or 0) + v
      end
    end
    for _, e in ipairs(t:get("errors") or {}) do
      if #examples < 10 then table.insert(examples, e) end
    end
  end
  local e = summary.errors
  io.write(string.format("SOAK requests %d\n", summary.requests))
  io.write(string.format("SOAK duration_s %.3f\n", summary.duration / 1e6))
  io.write(string.format("SOAK latency_ms %.3f %.3f %.3f %.3f %.3f\n",
                         latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                         latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
  io.write(string.format("SOAK socket_errors %d %d %d %d\n", e.connect, e.read, e.write, e.timeout))
  local kinds = {}
  for kind in pairs(merged) do table.insert(kinds, kind) end
  table.sort(kinds)
  for _, kind in ipairs(kinds) do
    local m = merged[kind]
    local codes = {}
    for k, v in pairs(m.statuses) do table.insert(codes, k .. "x" .. v) end
    table.sort(codes)
    if timed then
      io.write(string.format("SOAK kind %s %d %d %.2f %.2f %s\n", kind, m.count, m.bad,
                             quantile(m.hist, m.count, 0.5), quantile(m.hist, m.count, 0.99),
                             #codes > 0 and table.concat(codes, ",") or "-"))
    else
      io.write(string.format("SOAK kind %s %d %d - - %s\n", kind, m.count, m.bad,
                             #codes > 0 and table.concat(codes, ",") or "-"))
    end
  end
  for _, ex in ipairs(examples) do
    io.write("SOAK example " .. string.gsub(ex, "[\r\n]", " ") .. "\n")
  end
end
