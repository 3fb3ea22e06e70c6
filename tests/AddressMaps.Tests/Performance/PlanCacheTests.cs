using AddressMaps.Api.Maps;
using Npgsql;

namespace AddressMaps.Tests.Performance;

/// <summary>Issue 13: a hot statement, once prepared, can run on PostgreSQL's generic plan rather
/// than being planned again on every call. PostgreSQL keeps making a plan for each call's
/// parameters (a custom plan) while its generic plan costs more than the custom ones, which a
/// parameter that switches a whole branch on or off causes: the branch is left out of every
/// custom plan and costed in the generic one. The account's facts, read on every IP's PUT and
/// every create, spent 0.27 ms planning to 0.02 ms running on the benchmark's account (1,000
/// zones). Compares the two plans' costs with EXPLAIN; never timed.</summary>
public sealed class PlanCacheTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, "d3f1c0a9b8e7465f9a2b1c0d9e8f7a6b")]
    public async Task The_account_facts_statement_costs_no_more_on_its_generic_plan(bool withZones, string? except)
    {
        await SeedThousandZonesAsync();
        try
        {
            var command = AccountFactsQuery.Command(Demo.Account, withZones, except);
            await using var connection = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
            await connection.ExecuteAsync($"PREPARE facts AS {command.CommandText}");
            var arguments = string.Join(", ", command.Parameters.Select(p => Literal(p.Value)));

            var custom = await CostAsync(connection, "force_custom_plan", arguments);
            var generic = await CostAsync(connection, "force_generic_plan", arguments);

            // PostgreSQL takes the generic plan once it costs no more than the custom plans' average
            // plus an allowance for planning them, which here is more than a tenth of that average.
            Assert.True(generic <= custom * 1.1, $"generic plan {generic}, custom plan {custom}");
        }
        finally
        {
            await using var db = Fixture.NewDbContext();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM zones WHERE name LIKE 'plan-%.example'");
        }
    }

    private static async Task<double> CostAsync(NpgsqlConnection connection, string mode, string arguments)
    {
        await connection.ExecuteAsync($"SET plan_cache_mode = {mode}");
        return (await connection.PlanAsync($"EXECUTE facts({arguments})")).GetProperty("Total Cost").GetDouble();
    }

    private static string Literal(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        _ => throw new ArgumentException($"no literal for {value.GetType()}"),
    };

    /// <summary>1,000 zones on the demo account, as the benchmark's account has, then ANALYZE (the
    /// reset before each test keeps zones, so the test deletes them itself).</summary>
    private async Task SeedThousandZonesAsync()
    {
        await using var db = Fixture.NewDbContext();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO zones (id, account_id, name)
            SELECT md5('plan-cache' || g), {Demo.Account}, 'plan-' || g || '.example' FROM generate_series(1, 1000) g
            ON CONFLICT DO NOTHING
            """);
        await db.Database.ExecuteSqlRawAsync("ANALYZE zones");
    }
}
