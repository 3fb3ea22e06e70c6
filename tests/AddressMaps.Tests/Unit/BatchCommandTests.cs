using Microsoft.Extensions.DependencyInjection;

namespace AddressMaps.Tests.Unit;

public sealed class BatchCommandTests
{
    [Fact]
    public void Concat_joins_pieces_and_numbers_each_ones_values_after_those_before_it()
    {
        var (a, b, c) = ("x", 2, "{0}");
        FormattableString first = $"WITH changed AS (UPDATE t SET v = {a} WHERE n = {b}) ";
        FormattableString second = $"INSERT INTO u VALUES ({c}, {b:D3}, '{{literal}}')";

        var both = AddressMaps.Api.Platform.Sql.Concat(first, second);

        Assert.Equal("WITH changed AS (UPDATE t SET v = {0} WHERE n = {1}) INSERT INTO u VALUES ({2}, {3:D3}, '{{literal}}')", both.Format);
        Assert.Equal(new object?[] { "x", 2, "{0}", 2 }, both.GetArguments());
    }

    [Fact]
    public void A_batch_command_numbers_the_values_in_order_and_keeps_literal_braces_and_typed_parameters()
    {
        var (a, b) = ("x", 2);
        var typed = new Npgsql.NpgsqlParameter("ips", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Inet) { Value = new[] { IPAddress.Loopback } };
        FormattableString statement = $"INSERT INTO u VALUES ({a}, {b}, '{{literal}}', {typed}, {(string?)null})";

        var command = Batch.Command(statement);

        Assert.Equal("INSERT INTO u VALUES ($1, $2, '{literal}', $3, $4)", command.CommandText);
        Assert.Equal(new object?[] { "x", 2, typed.Value, DBNull.Value }, command.Parameters.Select(p => p.Value));
        Assert.All(command.Parameters, p => Assert.Equal("", p.ParameterName));
        Assert.Equal(typed.NpgsqlDbType, command.Parameters[2].NpgsqlDbType);
    }
}

/// <summary>What a create without memberships relies on (Maps/MapCreation): the statements of one
/// batch, sent without a transaction, are one implicit transaction in PostgreSQL, all or none,
/// also on EF's multiplexed connection.</summary>
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

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Batch.ExecuteAsync(db, default, insert, fails));

        Assert.False(await db.AddressMaps.AnyAsync(m => m.Id == id));
        Assert.Equal(1, await Batch.ExecuteAsync(db, default, insert));
        Assert.True(await db.AddressMaps.AnyAsync(m => m.Id == id)); // the same statement alone does go in
    }
}
