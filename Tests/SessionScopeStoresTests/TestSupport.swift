// Every file of this target sees the shared test support (spawning, the built binary).
@_exported import SessionScopeTestSupport
