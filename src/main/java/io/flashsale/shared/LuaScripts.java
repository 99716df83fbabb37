package io.flashsale.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The service's Lua scripts, read from the class path once. {@code RedisScript.of(Resource, …)} would ask the resource
 * whether it changed on every call (a jar lookup per snap-up: a fiftieth of the stampede's CPU); a script's text does
 * not change while the service runs.
 */
public final class LuaScripts {

    private LuaScripts() {
    }

    /** The script at {@code path} on the class path (e.g. {@code scripts/admit.lua}), answering {@code type}. */
    public static <T> RedisScript<T> of(String path, Class<T> type) {
        try {
            return RedisScript.of(new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Lua script " + path + " could not be read", e);
        }
    }
}
