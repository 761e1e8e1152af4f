package io.tracking.localstack;

import java.nio.file.Path;

/** The Java runtime children are started with: the one running this JVM. */
public final class Java {

    private Java() {
    }

    public static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This JVM's classpath. Under Surefire or Failsafe it may be a single manifest-only jar, which works for a child
     * JVM too since {@code -cp} honours the manifest's {@code Class-Path}.
     */
    public static String classpath() {
        return System.getProperty("java.class.path");
    }
}
