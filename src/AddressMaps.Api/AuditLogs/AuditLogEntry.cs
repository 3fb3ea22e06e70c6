using AddressMaps.Api.Data.Configurations;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AddressMaps.Api.AuditLogs;

/// <summary>One entry of an account's audit log: a successful change of an address map, written in
/// the change's own transaction (EMULATOR.md §7).</summary>
public sealed class AuditLogEntry
{
    /// <summary>The <c>Cf-Auditlog-Id</c> header of the mutation's answer.</summary>
    public Guid Id { get; set; }

    /// <summary>Insertion order: the tie-break between entries of the same instant (a frozen clock).</summary>
    public long Seq { get; set; }

    public required string AccountId { get; set; }

    /// <summary>create, update or delete.</summary>
    public required string ActionType { get; set; }

    public required string ActorId { get; set; }
    public string? ActorEmail { get; set; }
    public required IPAddress ActorIp { get; set; }
    public required string ActorType { get; set; }
    public required string Interface { get; set; }

    /// <summary>The operationId of the mutation (its endpoint name).</summary>
    public required string Operation { get; set; }

    public required string CfRay { get; set; }

    /// <summary>The map's details as the API answers them, as JSON text; null before a create.</summary>
    public string? OldValue { get; set; }

    /// <summary>The same after the change; null after a delete.</summary>
    public string? NewValue { get; set; }

    public required string ResourceId { get; set; }
    public required string ResourceType { get; set; }
    public DateTime When { get; set; }
}

internal sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> b)
    {
        b.ToTable("audit_log_entries", t => t.HasCheckConstraint("ck_audit_log_entries_action_type", "action_type IN ('create', 'update', 'delete')"));
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Seq).UseIdentityAlwaysColumn();
        b.Property(e => e.AccountId).HasMaxLength(32);
        b.Property(e => e.ActionType).HasMaxLength(16);
        b.Property(e => e.ActorId).HasMaxLength(64);
        b.Property(e => e.ActorEmail).HasMaxLength(254);
        b.Property(e => e.ActorIp).HasColumnType("inet");
        b.Property(e => e.ActorType).HasMaxLength(16);
        b.Property(e => e.Interface).HasMaxLength(16);
        b.Property(e => e.Operation).HasMaxLength(200);
        b.Property(e => e.CfRay).HasMaxLength(64);
        b.Property(e => e.ResourceId).HasMaxLength(32);
        b.Property(e => e.ResourceType).HasMaxLength(32);
        b.HasIndex(e => new { e.AccountId, e.When });
        b.GoesWithAccount(e => e.AccountId);
    }
}
