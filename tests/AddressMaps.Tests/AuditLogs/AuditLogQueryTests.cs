using AddressMaps.Api.Seed;
using AddressMaps.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;
using static AddressMaps.Tests.AuditLogs.AuditLogTests;

namespace AddressMaps.Tests.AuditLogs;

/// <summary>EMULATOR.md §7: the log's filters and pages, who may read it, and reset.</summary>
public sealed class AuditLogQueryTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Create, edit, add an IP, delete: four entries; answers the ids, oldest first.</summary>
    private async Task<List<string>> FourChangesAsync()
    {
        var answers = new List<ApiResponse> { (await Api.PostJsonAsync(CloudflareClient.Maps(), new { })).AssertOk() };
        var id = answers[0].Result.GetProperty("id").GetString()!;
        answers.Add((await Api.PatchJsonAsync(CloudflareClient.Map(id), new { description = "x" })).AssertOk());
        answers.Add((await Api.PutAsync(Ip(id, "203.0.113.4"))).AssertOk());
        answers.Add((await Api.DeleteAsync(CloudflareClient.Map(id))).AssertOk());
        return answers.Select(a => a.Header("Cf-Auditlog-Id")!).ToList();
    }

    private async Task<List<string>> IdsAsync(string query) =>
        (await EntriesAsync(Api, query)).Select(e => e.GetProperty("id").GetString()!).ToList();

    [Covers(Op.CreateMap, Op.UpdateMap, Op.AddIp, Op.DeleteMap, Op.AuditLogs)]
    [Fact]
    public async Task Filters_select_by_id_action_actor_and_time_and_direction_orders()
    {
        var ids = await FourChangesAsync();
        var when = (await EntriesAsync(Api, "direction=asc")).Select(e => e.GetProperty("when").GetString()!).ToList();

        Assert.Equal(ids, await IdsAsync("direction=asc"));
        Assert.Equal([ids[1]], await IdsAsync("id=" + ids[1]));
        Assert.Equal([ids[2], ids[1]], await IdsAsync("action.type=update"));
        Assert.Empty(await IdsAsync("action.type=login"));
        Assert.Equal(4, (await IdsAsync("actor.email=" + Uri.EscapeDataString(Demo.Email.ToUpperInvariant()))).Count);
        Assert.Empty(await IdsAsync("actor.email=someone@example.com"));
        Assert.Equal(4, (await IdsAsync("actor.ip=127.0.0.1")).Count);
        Assert.Equal(4, (await IdsAsync("actor.ip=127.0.0.0/8")).Count);
        Assert.Empty(await IdsAsync("actor.ip=10.0.0.0/8"));
        Assert.Equal([ids[3], ids[2]], await IdsAsync("since=" + Uri.EscapeDataString(when[2])));
        Assert.Equal([ids[1], ids[0]], await IdsAsync("before=" + Uri.EscapeDataString(when[2])));
        Assert.Equal(4, (await IdsAsync("since=2000-01-01&before=2999-12-31")).Count);
        Assert.Equal(4, (await IdsAsync("zone.name=example.com&hide_user_logs=true")).Count); // not filtered on
    }

    [Covers(Op.CreateMap, Op.UpdateMap, Op.AddIp, Op.DeleteMap, Op.AuditLogs)]
    [Fact]
    public async Task Pages_carry_result_info()
    {
        var ids = await FourChangesAsync();

        var second = (await Api.GetAsync(Log("per_page=3&page=2"))).AssertOk();
        var beyond = (await Api.GetAsync(Log("per_page=3&page=3"))).AssertOk();

        Assert.Equal([ids[0]], second.Result.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        var info = second.Json.GetProperty("result_info");
        Assert.Equal([2, 3, 1, 4, 2], new[] { "page", "per_page", "count", "total_count", "total_pages" }.Select(k => info.GetProperty(k).GetInt32()));
        Assert.Empty(beyond.Result.EnumerateArray());
        Assert.Equal(100, (await Api.GetAsync(Log())).Json.GetProperty("result_info").GetProperty("per_page").GetInt32());
        Assert.Equal(1000, (await Api.GetAsync(Log("per_page=1000"))).Json.GetProperty("result_info").GetProperty("per_page").GetInt32());
    }

    [Covers(Op.AuditLogs)]
    [Theory]
    [InlineData("id=12", "id")]
    [InlineData("action.type=", "action.type")]
    [InlineData("actor.email=", "actor.email")]
    [InlineData("actor.ip=localhost", "actor.ip")]
    [InlineData("actor.ip=10.0.0.0/33", "actor.ip")]
    [InlineData("since=yesterday", "since")]
    [InlineData("before=2024-13-01", "before")]
    [InlineData("before=2024-01-01T00:00:00", "before")]
    [InlineData("direction=up", "direction")]
    [InlineData("page=0", "page")]
    [InlineData("page=x", "page")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=1001", "per_page")]
    public async Task A_bad_query_value_is_400_code_1016_naming_the_parameter(string query, string parameter)
    {
        var response = await Api.GetAsync(Log(query));

        response.AssertError(HttpStatusCode.BadRequest, 1016);
        Assert.Contains($"'{parameter}'", response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.AuditLogs)]
    [Fact]
    public async Task Users_of_the_account_and_tokens_with_Account_Settings_Read_may_read_it_others_get_10000()
    {
        await using var reader = await TemporaryToken.AddAsync(Fixture, groups: PermissionGroups.AccountSettingsRead);
        await using var elsewhere = await TemporaryToken.AddAsync(Fixture, account: Demo.OtherAccount, groups: PermissionGroups.AccountSettingsRead);

        (await Api.GetAsync(Log())).AssertOk();
        (await Api.As(reader.Credentials).GetAsync(Log())).AssertOk();
        (await Api.As(elsewhere.Credentials).GetAsync(Log(account: Demo.OtherAccount))).AssertOk();
        (await Api.As(elsewhere.Credentials).GetAsync(Log())).AssertError(HttpStatusCode.Forbidden, 10000);
        (await Api.As(Credentials.WriteToken).GetAsync(Log())).AssertError(HttpStatusCode.Forbidden, 10000);
        (await Api.As(Credentials.ReadToken).GetAsync(Log())).AssertError(HttpStatusCode.Forbidden, 10000);
        (await Api.GetAsync(Log(account: Demo.OtherAccount))).AssertError(HttpStatusCode.Forbidden, 10000);
        (await Api.As(Credentials.None).GetAsync(Log())).AssertError(HttpStatusCode.BadRequest, 9106);
    }

    [Covers(Op.CreateMap, Op.AuditLogs)]
    [Fact]
    public async Task Reset_clears_the_log_of_one_account_or_of_all()
    {
        await Api.CreateMapAsync();
        await Api.As(Credentials.OtherWriteToken).CreateMapAsync(account: Demo.OtherAccount);

        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorldState>().ResetAsync(Demo.Account, CancellationToken.None);
        }

        Assert.Empty(await EntriesAsync(Api));
        Assert.Equal(1, await CountAsync(Demo.OtherAccount));
        await Fixture.ResetAsync();
        Assert.Equal(0, await CountAsync(Demo.OtherAccount));
    }

    private async Task<int> CountAsync(string account)
    {
        using var db = Fixture.NewDbContext();
        return await db.AuditLogEntries.CountAsync(e => e.AccountId == account);
    }
}
