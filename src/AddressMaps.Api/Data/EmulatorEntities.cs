namespace AddressMaps.Api.Data;

// What the emulator keeps of its own (control plane, clock, journal, faults); none of it is
// Cloudflare's.

/// <summary>A document the control plane keeps: the seed in force, or a named snapshot of the
/// whole state (JSON text in the seed format).</summary>
public sealed class StoredDocument
{
    public const string SeedKind = "seed";
    public const string SnapshotKind = "snapshot";

    public required string Kind { get; set; }
    public required string Name { get; set; }
    public required string Document { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Maps { get; set; }
    public int Accounts { get; set; }

    /// <summary>SHA-256 (hex) of the document as written, so that a start can tell whether its
    /// seed is the one in force without sending the document (issue 13).</summary>
    public string? Sha256 { get; set; }
}

/// <summary>The emulator clock's setting (one row, id 1): offset from the system clock in
/// milliseconds, or the instant it is frozen at.</summary>
public sealed class ClockRow
{
    public int Id { get; set; } = 1;
    public long OffsetMs { get; set; }
    public DateTime? FrozenAt { get; set; }
}

/// <summary>One request under /client/v4 as the journal keeps it (EMULATOR.md §4); no secret.</summary>
public sealed class JournalEntry
{
    public long Id { get; set; }
    public required string Ray { get; set; }
    public DateTime Time { get; set; }
    public required string Method { get; set; }
    public required string Path { get; set; }
    public string? Query { get; set; }
    public string? Operation { get; set; }
    public string? AccountId { get; set; }
    public string? IdentityKind { get; set; }
    public string? IdentityId { get; set; }
    public string? IdentityEmail { get; set; }
    public int Status { get; set; }
    public int[] ErrorCodes { get; set; } = [];
    public double DurationMs { get; set; }
    public string? RequestBody { get; set; }
    public bool RequestTruncated { get; set; }
    public string? ResponseBody { get; set; }
    public bool ResponseTruncated { get; set; }
    public bool Fault { get; set; }
}

/// <summary>A fault rule (EMULATOR.md §5): which requests it matches, what it answers, how often.</summary>
public sealed class FaultRule
{
    public required string Id { get; set; }
    public string? MatchMethod { get; set; }
    public string? MatchPath { get; set; }
    public string? MatchOperation { get; set; }
    public string? MatchAccountId { get; set; }
    public int? Status { get; set; }
    public int? Code { get; set; }
    public string? Message { get; set; }
    public int? RetryAfter { get; set; }
    public int LatencyMs { get; set; }
    public bool Abort { get; set; }
    public bool After { get; set; }
    public double Probability { get; set; } = 1.0;
    public long Seed { get; set; }
    public int? Remaining { get; set; }
    public long Evaluations { get; set; }
    public DateTime CreatedAt { get; set; }
}
