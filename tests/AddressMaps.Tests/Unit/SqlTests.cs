using AddressMaps.Api.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace AddressMaps.Tests.Unit;

public sealed class SqlTests
{
    [Fact]
    public void Then_joins_two_statements_and_numbers_the_second_ones_values_after_the_first_ones()
    {
        var (a, b, c) = ("x", 2, "{0}");
        FormattableString first = $"UPDATE t SET v = {a} WHERE n = {b}  ";
        FormattableString second = $"INSERT INTO u VALUES ({c}, {b:D3}, '{{literal}}')";

        var both = Sql.Then(first, second);

        Assert.Equal("UPDATE t SET v = {0} WHERE n = {1};\nINSERT INTO u VALUES ({2}, {3:D3}, '{{literal}}')", both.Format);
        Assert.Equal(new object?[] { "x", 2, "{0}", 2 }, both.GetArguments());
    }
}

/// <summary>What a create without memberships relies on (Maps/MapCreation): the statements of one
/// command, sent without a transaction, are one implicit transaction in PostgreSQL, all or none,
/// also through EF's multiplexed connection.</summary>
public sealed class OneCommandTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Covers(Op.CreateMap)]
    [Fact]
    public async Task A_failing_statement_undoes_the_statements_before_it_in_the_same_command()
    {
        var id = new string('e', 32);
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AddressMapsDbContext>();
        FormattableString insert = $"""
            INSERT INTO address_maps (id, account_id, enabled, can_delete, can_modify_ips, created_at, modified_at)
            VALUES ({id}, {Demo.Account}, FALSE, TRUE, TRUE, now(), now())
            """;
        FormattableString fails = $"INSERT INTO address_map_ips (address_map_id, ip, created_at) VALUES ({"not-a-map"}, '192.0.2.1', now())";

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlAsync(Sql.Then(insert, fails)));

        Assert.False(await db.AddressMaps.AnyAsync(m => m.Id == id));
        await db.Database.ExecuteSqlAsync(insert);
        Assert.True(await db.AddressMaps.AnyAsync(m => m.Id == id)); // the same statement alone does go in
    }
}
