namespace AddressMaps.Api.Platform;

/// <summary>The emulator's movable clock (EMULATOR.md §6): the system clock plus an offset, or
/// frozen at an instant. Every timestamp, token validity, rate-limit window and journal time reads
/// it (it is the process's <see cref="TimeProvider"/>). Its setting lives in PostgreSQL; each
/// process holds a copy, updated at once by the process that changes it and re-read by the others
/// within a second.</summary>
public sealed class EmulatorTime(TimeProvider system) : TimeProvider
{
    private ClockSetting setting = ClockSetting.Default;

    public ClockSetting Setting => setting;

    public override DateTimeOffset GetUtcNow() => setting.At(system.GetUtcNow());

    public DateTimeOffset SystemNow => system.GetUtcNow();

    public void Apply(ClockSetting value) => setting = value;
}

/// <summary>Offset from the system clock, or the instant the clock is frozen at.</summary>
public sealed record ClockSetting(TimeSpan Offset, DateTimeOffset? FrozenAt)
{
    public static readonly ClockSetting Default = new(TimeSpan.Zero, null);

    public DateTimeOffset At(DateTimeOffset system) => FrozenAt ?? system + Offset;

    public ClockSetting Advanced(TimeSpan by) => FrozenAt is { } f ? this with { FrozenAt = f + by } : this with { Offset = Offset + by };

    public ClockSetting SetTo(DateTimeOffset target, DateTimeOffset system) =>
        FrozenAt is not null ? this with { FrozenAt = target } : this with { Offset = target - system };

    public ClockSetting Frozen(bool freeze, DateTimeOffset system) => (freeze, FrozenAt) switch
    {
        (true, null) => new ClockSetting(Offset, At(system)),
        (false, { } f) => new ClockSetting(f - system, null),
        _ => this,
    };
}
