using System.Data.Common;
using AddressMaps.Api.Maps;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AddressMaps.Tests.Performance;

/// <summary>Issue 13: the list's <c>?ip=</c> and <c>?cidr=</c> filters on an account with 100,000
/// IPs are answered from address_map_ips' indexes, never by reading the table through. The plan
/// PostgreSQL chooses for the API's own query, with its parameters bound, is read with EXPLAIN
/// (scripts/bench --scale times the same filters).</summary>
public sealed class FilterPlanTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("2001:db8:5:3e7::42", null)]
    [InlineData(null, "2001:db8:5:3e7::/64")]
    [InlineData(null, "2001:db8:5:3e7::40/122")]
    public async Task A_filter_on_an_account_with_100000_ips_reads_an_index_of_address_map_ips(string? ip, string? cidr)
    {
        await SeedHundredThousandIpsAsync();
        var explain = new ExplainInterceptor();
        await using var db = new AddressMapsDbContext(new DbContextOptionsBuilder<AddressMapsDbContext>()
            .UseNpgsql(Fixture.Database.ConnectionString).UseSnakeCaseNamingConvention().AddInterceptors(explain).Options);

        var maps = await AddressMapService.ListQuery(db, Demo.Account, ip, cidr).ToListAsync();

        Assert.Equal("bench 999", Assert.Single(maps).Description); // the filter found the one map holding the IP(s)
        var plan = Assert.Single(explain.Plans);
        Assert.DoesNotContain("Seq Scan on address_map_ips", plan, StringComparison.Ordinal);
        // The index on ip itself (GiST, inet_ops), not a walk over every map's IPs by map id.
        Assert.Matches(@"(Index Scan using|Bitmap Index Scan on) ix_address_map_ips_ip\b", plan);
    }

    /// <summary>1,000 maps of the demo account with 100 IPv6 each (in its 2001:db8::/32 prefix),
    /// straight into the tables, then ANALYZE so the planner knows the sizes.</summary>
    private async Task SeedHundredThousandIpsAsync()
    {
        await using var db = Fixture.NewDbContext();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO address_maps (id, account_id, description, enabled, can_delete, can_modify_ips, created_at, modified_at)
            SELECT md5('filter-plan' || g), {Demo.Account}, 'bench ' || g, FALSE, TRUE, TRUE, now(), now() FROM generate_series(0, 999) g
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO address_map_ips (address_map_id, ip, created_at)
            SELECT md5('filter-plan' || g), ('2001:db8:5:' || to_hex(g) || '::' || to_hex(n))::inet, now()
            FROM generate_series(0, 999) g, generate_series(1, 100) n
            """);
        await db.Database.ExecuteSqlRawAsync("ANALYZE address_maps; ANALYZE address_map_ips");
    }

    /// <summary>Runs EXPLAIN for each query the context reads, with the query's own parameters,
    /// before letting the query itself run.</summary>
    private sealed class ExplainInterceptor : DbCommandInterceptor
    {
        public List<string> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var text = command.CommandText;
            command.CommandText = "EXPLAIN " + text;
            var lines = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(reader.GetString(0));
                }
            }

            command.CommandText = text;
            Plans.Add(string.Join('\n', lines));
            return result;
        }
    }
}
