using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.Observe;

/// <summary>EMULATOR.md §5: faults on demand, by header or by rule. In the "whole process"
/// collection: one test reads the request log from the process console.</summary>
[Collection(WholeProcessCollection.Name)]
public sealed class FaultTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string IpPath = "/client/v4/accounts/*/addressing/address_maps/*/ips/*";

    private async Task<ApiResponse> WithFaultAsync(HttpMethod method, string path, string fault, object? body = null, HttpClient? http = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Demo.WriteToken);
        request.Headers.TryAddWithoutValidation("cf-emulator-fault", fault);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await (http ?? Api.Http).SendAsync(request);
        return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsStringAsync());
    }

    private async Task<int> MapCountAsync()
    {
        await using var db = Fixture.NewDbContext();
        return await db.AddressMaps.CountAsync(m => m.AccountId == Demo.Account);
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task A_fault_header_answers_the_fault_before_the_operation_runs()
    {
        var unavailable = await WithFaultAsync(HttpMethod.Post, CloudflareClient.Maps(), "status=503", new { description = "never" });
        // Code 971 is below the minimum of Cloudflare's schema (docs/fidelity.md): an unvalidated client.
        var limited = await WithFaultAsync(HttpMethod.Post, CloudflareClient.Maps(), "status=429;retry_after=7", new { description = "never" }, Fixture.Factory.CreateClient());
        var custom = await WithFaultAsync(HttpMethod.Get, CloudflareClient.Maps(), "status=500;code=10042;message=boom");

        unavailable.AssertError(HttpStatusCode.ServiceUnavailable, 10001);
        Assert.Equal("1", unavailable.Header("Retry-After"));
        Assert.Null(unavailable.Header("Cf-Auditlog-Id"));
        limited.AssertError(HttpStatusCode.TooManyRequests, 971);
        Assert.Equal("7", limited.Header("Retry-After"));
        custom.AssertError(HttpStatusCode.InternalServerError, 10042);
        Assert.Equal("boom", custom.FirstErrorMessage);
        Assert.Equal(0, await MapCountAsync());
    }

    [Covers(Op.CreateMap, "emulator-list-requests")]
    [Fact]
    public async Task With_after_the_create_commits_and_then_answers_500_and_the_journal_says_it_was_a_fault()
    {
        var answer = await WithFaultAsync(HttpMethod.Post, CloudflareClient.Maps(), "status=500;after", new { description = "ambiguous" });

        answer.AssertError(HttpStatusCode.InternalServerError, 10001);
        Assert.NotNull(answer.Header("Cf-Auditlog-Id"));
        Assert.Single((await Api.GetAsync(CloudflareClient.Maps())).Result.EnumerateArray(), m => m.GetProperty("description").GetString() == "ambiguous");
        var entry = (await SendAsync(Api.Http, HttpMethod.Get, "/_emulator/requests?limit=1&method=POST")).AssertOk().Result[0];
        Assert.True(entry.GetProperty("fault").GetBoolean());
        Assert.Equal(500, entry.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("stauts=503")]
    [InlineData("status=abc")]
    [InlineData("latency=forever")]
    [InlineData("abort=yes")]
    public async Task A_fault_header_with_an_unknown_key_or_bad_value_is_400_2007_naming_it(string header)
    {
        var answer = await WithFaultAsync(HttpMethod.Get, CloudflareClient.Maps(), header);

        answer.AssertError(HttpStatusCode.BadRequest, 2007);
        Assert.Contains(header.Split('=')[0], answer.FirstErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>A fault the test asked for is not an error of the emulator's: its request line is
    /// information, whatever its status (a suite that injects hundreds of 500s would otherwise
    /// fill the log with errors).</summary>
    [Fact]
    public async Task An_injected_500_is_logged_as_information_not_as_an_error()
    {
        string logged;
        using (var console = CapturedConsole.OfHostLog())
        {
            (await WithFaultAsync(HttpMethod.Get, CloudflareClient.Maps(), "status=500;message=asked-for")).AssertError(HttpStatusCode.InternalServerError, 10001);
            logged = await console.WaitForAsync(text => text.Contains("responded 500", StringComparison.Ordinal));
        }

        var line = logged.Split('\n').Single(l => l.Contains("responded 500", StringComparison.Ordinal));
        Assert.Contains(" INF] HTTP GET ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_abort_closes_the_connection_without_an_answer()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => WithFaultAsync(HttpMethod.Get, CloudflareClient.Maps(), "abort"));
    }

    /// <summary>EMULATOR.md §4: every request under /client/v4 is journaled, losing one is not
    /// fine; a call the emulator dropped on purpose is the one a retry test looks for. It had no
    /// answer: status 0 (as HAR records a request with no response), fault true.</summary>
    [Covers("emulator-list-requests")]
    [Fact]
    public async Task An_aborted_call_is_journaled_as_a_fault_with_no_answer()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => WithFaultAsync(HttpMethod.Get, CloudflareClient.Maps(), "abort"));

        var entry = (await SendAsync(Api.Http, HttpMethod.Get, "/_emulator/requests?limit=1&method=GET&path=" + Uri.EscapeDataString(CloudflareClient.Maps()))).AssertOk().Result[0];
        Assert.True(entry.GetProperty("fault").GetBoolean());
        Assert.Equal(0, entry.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("response_body").ValueKind);
    }

    /// <summary>The ambiguous failure with no answer at all: the create commits, the connection
    /// closes, and the journal shows the call the client never heard back from.</summary>
    [Covers(Op.CreateMap, "emulator-list-requests")]
    [Fact]
    public async Task With_after_an_abort_commits_the_create_then_drops_the_connection_and_the_call_is_journaled()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => WithFaultAsync(HttpMethod.Post, CloudflareClient.Maps(), "abort;after", new { description = "dropped" }));

        Assert.Equal(1, await MapCountAsync());
        var entry = (await SendAsync(Api.Http, HttpMethod.Get, "/_emulator/requests?limit=1&method=POST")).AssertOk().Result[0];
        Assert.True(entry.GetProperty("fault").GetBoolean());
        Assert.Equal(0, entry.GetProperty("status").GetInt32());
        Assert.Contains("dropped", entry.GetProperty("request_body").GetString(), StringComparison.Ordinal);
    }

    [Covers("emulator-create-fault", "emulator-list-faults", Op.AddIp)]
    [Fact]
    public async Task A_rule_with_times_3_fails_the_next_three_ip_puts_then_is_gone()
    {
        var id = await Api.CreateMapAsync();
        var rule = (await SendAsync(Api.Http, HttpMethod.Post, "/_emulator/faults",
            JsonSerializer.Serialize(new { match = new { method = "PUT", path = IpPath }, fault = new { status = 503 }, times = 3 }))).AssertOk().Result;
        Assert.Equal(3, rule.GetProperty("remaining").GetInt32());

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            statuses.Add((await Api.PutAsync($"{CloudflareClient.Map(id)}/ips/203.0.113.{i}")).Status);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Single((await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("ips").EnumerateArray());
        Assert.Empty((await SendAsync(Api.Http, HttpMethod.Get, "/_emulator/faults")).AssertOk().Result.EnumerateArray());
        (await Api.GetAsync(CloudflareClient.Maps())).AssertOk(); // other operations never matched
    }

    [Covers("emulator-create-fault", "emulator-delete-faults")]
    [Fact]
    public async Task A_rule_with_probability_and_seed_fires_in_the_same_sequence_every_run()
    {
        async Task<string> RunAsync()
        {
            (await SendAsync(Api.Http, HttpMethod.Post, "/_emulator/faults",
                JsonSerializer.Serialize(new { match = new { method = "GET" }, fault = new { status = 500 }, probability = 0.5, seed = 42 }))).AssertOk();
            var sequence = new List<char>();
            for (var i = 0; i < 24; i++)
            {
                sequence.Add((await Api.GetAsync(CloudflareClient.Maps())).Status == HttpStatusCode.OK ? '.' : 'F');
            }

            (await SendAsync(Api.Http, HttpMethod.Delete, "/_emulator/faults")).AssertOk();
            return new string(sequence.ToArray());
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains('F', first);
        Assert.Contains('.', first);
    }

    [Covers("emulator-create-fault", Op.ListMaps)]
    [Fact]
    public async Task Latency_faults_do_not_hold_back_other_requests()
    {
        var sleepers = Enumerable.Range(0, 20).Select(_ => WithFaultAsync(HttpMethod.Get, CloudflareClient.Maps(), "latency=1500ms")).ToList();
        await Task.Delay(100);

        var quick = await Api.GetAsync(CloudflareClient.Maps());
        var finishedFirst = sleepers.Count(s => s.IsCompleted);

        quick.AssertOk();
        Assert.Equal(0, finishedFirst);
        Assert.All(await Task.WhenAll(sleepers), r => r.AssertOk());
    }

    [Covers("emulator-create-fault", Op.ListMaps)]
    [Fact]
    public async Task Times_10_counts_exactly_across_two_replicas_under_100_concurrent_requests()
    {
        await using var second = new ApiFactory(Fixture.Database.ConnectionString);
        var other = new CloudflareClient(second.CreateClient(), Credentials.DemoKey);
        (await SendAsync(Api.Http, HttpMethod.Post, "/_emulator/faults",
            JsonSerializer.Serialize(new { match = new { path = "/client/v4/accounts/*/addressing/address_maps" }, fault = new { status = 503 }, times = 10 }))).AssertOk();
        await Task.Delay(1200); // the other replica re-reads its rules within a second

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => (i % 2 == 0 ? Fixture.Client() : other).GetAsync(CloudflareClient.Maps())));

        Assert.Equal(10, answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(90, answers.Count(a => a.Status == HttpStatusCode.OK));
    }

    [Covers("emulator-create-fault", "emulator-delete-fault")]
    [Fact]
    public async Task A_rule_with_an_impossible_fault_is_2007_naming_the_field()
    {
        var answer = await SendAsync(Api.Http, HttpMethod.Post, "/_emulator/faults", JsonSerializer.Serialize(new { fault = new { status = 42 } }));

        answer.AssertError(HttpStatusCode.BadRequest, 2007);
        Assert.Contains("fault.status", answer.FirstErrorMessage, StringComparison.Ordinal);
        (await SendAsync(Api.Http, HttpMethod.Delete, "/_emulator/faults/nope")).AssertError(HttpStatusCode.NotFound, 1000);
    }
}
