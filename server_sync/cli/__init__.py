"""Commands the central service owns: `server`, `it` (registered by `asan-queue`)."""
