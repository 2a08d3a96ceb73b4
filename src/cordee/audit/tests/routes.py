from cordee.core.testing.matrix import Route, staff_only

ROUTES = [Route("audit:events", staff_only(200))]
