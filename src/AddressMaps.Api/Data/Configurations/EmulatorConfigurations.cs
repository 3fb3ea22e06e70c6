using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AddressMaps.Api.Data.Configurations;

internal sealed class ClockRowConfiguration : IEntityTypeConfiguration<ClockRow>
{
    public void Configure(EntityTypeBuilder<ClockRow> b)
    {
        b.ToTable("emulator_clock", t => t.HasCheckConstraint("ck_emulator_clock_one_row", "id = 1"));
        b.Property(c => c.Id).ValueGeneratedNever();
    }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> b)
    {
        b.ToTable("journal_entries");
        // Unlogged (no WAL): shared by every replica like any table, about a seventh cheaper per
        // journalled request (issue 13); emptied if PostgreSQL crashes (docs/fidelity.md §17).
        b.IsUnlogged();
        b.HasIndex(j => j.AccountId);
        b.HasIndex(j => j.Time);
    }
}

internal sealed class FaultRuleConfiguration : IEntityTypeConfiguration<FaultRule>
{
    public void Configure(EntityTypeBuilder<FaultRule> b)
    {
        b.Property(f => f.Id).HasMaxLength(32);
        b.ToTable(t => t.HasCheckConstraint("ck_fault_rules_probability", "probability >= 0 AND probability <= 1"));
    }
}
