using System.Text.RegularExpressions;

namespace AddressMaps.Api.Faults;

/// <summary>This process's copy of the fault rules: re-read twice a second and at once after a
/// local change, so that no Cloudflare request pays a round trip to learn them. What must be
/// exact (<c>times</c>, the seeded sequence) is counted in the database when a rule matches.</summary>
public sealed class FaultRules(IServiceScopeFactory scopes, ILogger<FaultRules> logger) : BackgroundService
{
    private IReadOnlyList<FaultRule> rules = [];

    public IReadOnlyList<FaultRule> Current => rules;

    public async Task RefreshAsync(AddressMapsDbContext db, CancellationToken ct) =>
        rules = await db.FaultRules.AsNoTracking().Where(r => r.Remaining == null || r.Remaining > 0)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RefreshAsync(scope.ServiceProvider.GetRequiredService<AddressMapsDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Fault rules re-read failed; keeping the last copy");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Pure: does the rule match this request (absent fields match anything)?</summary>
    public static bool Matches(FaultRule r, string method, string path, string? operation, string? accountId) =>
        (r.MatchMethod is null || string.Equals(r.MatchMethod, method, StringComparison.OrdinalIgnoreCase))
        && (r.MatchPath is null || Regex.IsMatch(path, Text.SegmentPattern(r.MatchPath)))
        && (r.MatchOperation is null || r.MatchOperation == operation)
        && (r.MatchAccountId is null || r.MatchAccountId == accountId);
}

/// <summary>Decides, per request, which rule fires: the n-th evaluation of a rule is counted in
/// PostgreSQL (so the seeded sequence is the same on every run and across replicas), and a rule
/// with <c>times</c> fires only while its remaining count, also in PostgreSQL, is above zero.</summary>
public sealed class FaultDecider(AddressMapsDbContext db, FaultRules rules)
{
    public async Task<Fault?> DecideAsync(string method, string path, string? operation, string? accountId, CancellationToken ct)
    {
        foreach (var rule in rules.Current.Where(r => FaultRules.Matches(r, method, path, operation, accountId)))
        {
            var evaluation = (await db.Database.SqlQuery<long>($"""
                UPDATE fault_rules SET evaluations = evaluations + 1
                WHERE id = {rule.Id} AND (remaining IS NULL OR remaining > 0) RETURNING evaluations AS "Value"
                """).ToListAsync(ct)).SingleOrDefault();
            if (evaluation == 0 || !Fault.Fires(rule.Probability, rule.Seed, evaluation))
            {
                continue;
            }

            if (rule.Remaining is not null && await db.Database.ExecuteSqlAsync(
                    $"UPDATE fault_rules SET remaining = remaining - 1 WHERE id = {rule.Id} AND remaining > 0", ct) == 0)
            {
                continue; // used up through another replica meanwhile
            }

            return Fault.Of(rule);
        }

        return null;
    }
}
