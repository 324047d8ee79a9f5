package org.elasticsearch.plugins;

import org.elasticsearch.Version;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A {@link PluginsService} whose plugins are plain classes already on the classpath.
 *
 * <p>In package {@code org.elasticsearch.plugins} because {@code LoadedPlugin} and
 * {@code loadPlugin}/{@code loadExtensions} are package-private. Every plugin lookup in the
 * base class goes through {@link #plugins()}, so overriding it is enough.
 */
public class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;
    private final PluginsAndModules info;

    public ClasspathPluginsService(
        Settings settings,
        Path configDir,
        PluginsLoader emptyLoader,
        Collection<Class<? extends Plugin>> pluginClasses
    ) {
        super(settings, configDir, emptyLoader);
        List<LoadedPlugin> loaded = new ArrayList<>();
        List<PluginRuntimeInfo> infos = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin instance = loadPlugin(pluginClass, settings, configDir);
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(),              // name
                "classpath plugin (devnode)",       // description
                Version.CURRENT.toString(),         // plugin version
                Version.CURRENT.toString(),         // elasticsearch version
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),              // classname
                null,                               // module name: not modular
                List.of(),                          // extended plugins
                false,                              // hasNativeController
                false,                              // isLicensed
                false,                              // isModular
                false                               // isStable
            );
            loaded.add(new LoadedPlugin(descriptor, instance, pluginClass.getClassLoader()));
            infos.add(new PluginRuntimeInfo(descriptor));
        }
        loadExtensions(loaded); // harmless when nothing is extensible; keeps SPI semantics
        this.classpathPlugins = List.copyOf(loaded);
        this.info = new PluginsAndModules(infos, List.of());
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return info;
    }
}
