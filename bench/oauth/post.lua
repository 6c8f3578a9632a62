-- wrk script for bench/oauth/run: every request is the same form POST, taken
-- from the environment so one script serves every case.
--   BODY   the x-www-form-urlencoded body
--   AUTHZ  the Authorization header (client_secret_basic)
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("AUTHZ")
