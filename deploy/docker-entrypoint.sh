#!/bin/sh
# Starts flashsale in its image: the jar extracted (docs/decisions.md, "Start time"), and with the JDK's AOT cache
# when one was recorded for this very image (a cache fits only the JDK and the jar it was recorded with; the JVM
# starts without a stale one). FLASHSALE_AOT_CACHE names the file (default /home/flashsale/aot/app.aot, a volume);
# FLASHSALE_AOT_RECORD=true makes this start the training run: give it a warm-up's load, stop it, and its exit
# writes the cache the later starts use.
set -e
cache=${FLASHSALE_AOT_CACHE:-/home/flashsale/aot/app.aot}
if [ "${FLASHSALE_AOT_RECORD:-false}" = true ]; then
  set -- "-XX:AOTCacheOutput=$cache" "$@"
elif [ -s "$cache" ]; then
  set -- "-XX:AOTCache=$cache" "$@"
fi
exec java -XX:MaxRAMPercentage=75 "$@" -jar /app/flashsale.jar
