"""How long a client keeps an idle connection to one of our services.

Stock uvicorn closes a connection after 5 s without a request. A client that sends on such a
connection at that moment reads nothing back (httpx.ReadError, no answer to retry on). Forgetting
idle connections after 2 s, well before the server does, takes the race away.
"""

import httpx

SERVICE_LIMITS = httpx.Limits(keepalive_expiry=2.0)
