package io.kafkamesos.local.proxy;

/**
 * Where the {@code /service/<name>} proxy learns a framework's web UI: DC/OS' adminrouter asks
 * the Mesos master's state for the framework of that name and its {@code webui_url}.
 */
public interface FrameworkDirectory {

  /** What the master knows of the framework named {@code name}. */
  sealed interface Lookup permits NoFramework, NoWebUi, WebUi {
  }

  /** No framework has that name. */
  record NoFramework() implements Lookup {
  }

  /** The framework is registered but announced no web UI. */
  record NoWebUi(String frameworkId) implements Lookup {
  }

  /** The framework's {@code webui_url}. */
  record WebUi(String frameworkId, String url) implements Lookup {
  }

  Lookup find(String name);
}
