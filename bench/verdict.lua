-- wrk script: POST /api/v1/verdicts/ with a rotating set of realistic cases, and a JSON summary.
local cases = {
  '{"category": "washing-machine", "symptoms": ["drum-does-not-turn"], "age_years": 5}',
  '{"category": "fridge-freezer", "age_years": 9, "postcode": "9711AA"}',
  '{"category": "washing-machine", "symptoms": ["leaks-water"], "age_years": 2, "purchase_price_eur": "649.00"}',
  '{"category": "fridge-freezer", "age_years": 14, "repair_quote_eur": "180.00", "language": "en"}',
}
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/verdicts/", nil, cases[(counter % #cases) + 1])
end

done = function(summary, latency, requests)
  local parts = {}
  for _, p in ipairs({ 50, 90, 95, 99 }) do
    table.insert(parts, string.format('"p%d_ms": %.3f', p, latency:percentile(p) / 1000))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_s": %.3f, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency": {"mean_ms": %.3f, "max_ms": %.3f, %s}}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean / 1000, latency.max / 1000, table.concat(parts, ", ")
  ))
end
