package org.symkern.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import org.symkern.tensor.Native;

/** Prints the native library version and what the CUDA probe found. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Print the library version and the CUDA status.")
public final class VersionCommand implements Runnable {
    @Override
    public void run() {
        for (String line : lines()) System.out.println(line);
    }

    static String[] lines() {
        return new String[] {
            Native.version(),
            "cuda compiled: " + Native.cudaCompiled() + ", devices: " + Native.cudaDeviceCount(),
            "cuda status: " + Native.cudaStatus()
        };
    }

    /** picocli's --version. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }
    }
}
