from cordee.core.testing.matrix import Route, everyone

ROUTES = [
    Route("home", everyone(200)),
    Route("health", everyone(200)),
    Route("govern", everyone(200)),
]
