package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Node} built programmatically with plugins taken from the classpath instead of a
 * distribution's modules/ and plugins/ directories.
 *
 * <p>Lives in {@code org.elasticsearch.node} because {@link NodeConstruction#prepareConstruction}
 * and {@link NodeServiceProvider} are package-private; this only works on the plain classpath
 * (unnamed module), which is how the launcher runs it.
 */
public class DevNode extends Node {

    public DevNode(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(
            NodeConstruction.prepareConstruction(
                environment,
                // No module/plugin bundles on disk; 'false' = do not wire the server's JPMS
                // qualified exports, which only exist when ES runs as a named module.
                PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false),
                new NodeServiceProvider() {
                    @Override
                    PluginsService newPluginService(Environment env, PluginsLoader loader) {
                        return new ClasspathPluginsService(env.settings(), env.configDir(), loader, List.copyOf(classpathPlugins));
                    }
                },
                true // forbidPrivateIndexSettings, as a production node does
            )
        );
    }
}
