#!/bin/sh
# A fake Genesys IP install.sh for tests: records its arguments; fails when FAKE_SETUP_FAIL is set.
echo "$@" >> "${FAKE_SETUP_LOG:-/dev/null}"
if [ -n "$FAKE_SETUP_FAIL" ]; then echo "Installation failed: disk full"; exit 3; fi
echo "Installation complete"
