package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Supplies option values that were not given on the command line: first from a {@code HERALD_*} environment
 * variable ({@code --heartbeat-seconds} → {@code HERALD_HEARTBEAT_SECONDS}), then from the YAML config file
 * ({@code heartbeat-seconds: 25}), else the option's own default. So a flag beats the environment, which beats the
 * file.
 */
final class SettingsDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> env;
    private final JsonNode file;

    SettingsDefaults(Map<String, String> env, Path configFile) {
        this.env = env;
        this.file = configFile == null ? null : read(configFile);
    }

    private static JsonNode read(Path configFile) {
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("config file " + configFile + " does not exist");
        }
        try {
            JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile());
            if (n != null && !n.isNull() && !n.isObject()) {
                throw new IllegalArgumentException("config file " + configFile + " must be a map of settings");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + configFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (!(argSpec instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        String name = option.longestName().replaceFirst("^--", "");
        String envValue = env.get("HERALD_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (envValue != null) {
            return envValue;
        }
        if (file != null && file.has(name) && !file.get(name).isNull()) {
            JsonNode v = file.get(name);
            return v.isValueNode() ? v.asText() : null;
        }
        return null;
    }

    /** The config file named by {@code --config FILE}/{@code --config=FILE} in args, or by HERALD_CONFIG. */
    static Path configFile(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String fromEnv = env.get("HERALD_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }
}
