"""The local answer page for pupils' phones: an HTTP server in the UI's asyncio loop.

Privacy by construction (privacy-safeguarding.md §6.6): no IP address, User-Agent
or answer time is kept anywhere; who answered what lives in memory only, for one
question, and only the per-option totals reach the store.
"""
