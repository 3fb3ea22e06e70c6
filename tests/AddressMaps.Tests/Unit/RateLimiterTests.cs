using AddressMaps.Api.RateLimiting;

namespace AddressMaps.Tests.Unit;

public sealed class RateLimiterTests
{
    private static readonly RateLimitOptions Options = new() { Enabled = true, Requests = 10, WindowSeconds = 300, PenaltySeconds = 300 };
    private static readonly DateTime WindowStart = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Within_the_budget_the_call_is_allowed_with_what_remains_until_the_window_ends()
    {
        var decision = RateLimiter.Decide(4, null, WindowStart.AddSeconds(100), WindowStart, Options);

        Assert.Equal(new RateDecision(true, 6, 200, 0), decision);
    }

    [Fact]
    public void While_blocked_the_call_is_refused_with_retry_after_until_the_penalty_ends()
    {
        var now = WindowStart.AddSeconds(10);

        var decision = RateLimiter.Decide(1, now.AddSeconds(42.5), now, WindowStart, Options);

        Assert.Equal(new RateDecision(false, 0, 43, 43), decision);
    }

    [Fact]
    public void A_penalty_that_has_ended_no_longer_refuses()
    {
        var now = WindowStart.AddSeconds(10);

        Assert.True(RateLimiter.Decide(1, now.AddSeconds(-1), now, WindowStart, Options).Allowed);
    }
}
