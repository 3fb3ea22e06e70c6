using AddressMaps.Api.RateLimiting;

namespace AddressMaps.Api;

/// <summary>The "AddressMaps" configuration section (env: <c>AddressMaps__SeedFile</c>,
/// <c>AddressMaps__AuthMode</c>), validated at start.</summary>
public sealed class AddressMapsOptions
{
    public const string Section = "AddressMaps";
    public const int DefaultShutdownTimeoutSeconds = 10;

    /// <summary>How long SIGTERM waits for in-flight requests before the process exits.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = DefaultShutdownTimeoutSeconds;

    /// <summary>Path of a seed document (JSON). Empty: the built-in demo seed.</summary>
    public string? SeedFile { get; set; }

    public AuthMode AuthMode { get; set; } = AuthMode.Strict;

    /// <summary>Bearer token the control plane (/_emulator) requires; empty: loopback clients only.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The request journal (EMULATOR.md §4): on by default, bounded.</summary>
    public JournalOptions Journal { get; set; } = new();

    /// <summary>Cloudflare's per-user rate limit (off unless enabled).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>How many writes run at once; the next ones wait their turn, in order
    /// (Platform/WriteTurns.cs). 0: no limit.</summary>
    public int MaxConcurrentWrites { get; set; } = DefaultMaxConcurrentWrites;

    /// <summary>Four per core (eight on a 2-core machine).</summary>
    public static int DefaultMaxConcurrentWrites => 4 * Environment.ProcessorCount;
}

/// <summary>Section <c>AddressMaps:Journal</c>.</summary>
public sealed class JournalOptions
{
    public bool Enabled { get; set; } = true;

    public int MaxEntries { get; set; } = 10_000;
}
