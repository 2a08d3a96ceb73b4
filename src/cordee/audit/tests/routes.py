from cordee.core.testing.matrix import Route, staff_only

# The whole network's staff only: the coordinator of one territory gets a 403.
ROUTES = [Route("audit:events", {**staff_only(200), "coordinator": 403})]
