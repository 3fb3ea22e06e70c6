using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AddressMaps.Tests.Unit;

public sealed class ApiExceptionHandlerTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Handled with the test database behind it (up), or <paramref name="database"/>.</summary>
    private async Task<(int Status, JsonElement Body, IHeaderDictionary Headers)> HandleAsync(Exception exception, string? database = null)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(database ?? Fixture.Database.ConnectionString);
        return await HandleAsync(new ApiExceptionHandler(NullLogger<ApiExceptionHandler>.Instance, dataSource, new RecentOutage()), exception);
    }

    /// <summary>Handled by <paramref name="handler"/>: the answer's status, body and headers.</summary>
    private static async Task<(int Status, JsonElement Body, IHeaderDictionary Headers)> HandleAsync(ApiExceptionHandler handler, Exception exception)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone(), context.Response.Headers);
    }

    /// <summary>A response body whose client leaves as the answer is written: the write cancels
    /// the request's abort token and throws, as Kestrel's does once the connection is reset.</summary>
    private sealed class LeavingClientBody(CancellationTokenSource aborted) : MemoryStream
    {
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Leave();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => new(Leave());

        public override Task FlushAsync(CancellationToken cancellationToken) => Leave();

        private Task Leave()
        {
            aborted.Cancel();
            return Task.FromCanceled(aborted.Token);
        }
    }

    /// <summary>Counts what the handler logs at Warning and above.</summary>
    private sealed class CountingLogger : ILogger<ApiExceptionHandler>
    {
        public int Serious { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Serious += logLevel >= LogLevel.Warning ? 1 : 0;
    }

    /// <summary>wrk leaves at the end of every run: a create waiting for its turn read a body whose
    /// connection had been reset, and the 400 for it could not be written either; the failed write
    /// escaped the handler, and the log said "responded 500" with two stack traces.</summary>
    [Fact]
    public async Task A_client_that_leaves_while_its_refusal_is_written_is_a_499_with_nothing_logged()
    {
        using var aborted = new CancellationTokenSource();

        var (context, logger) = await HandleForAsync(aborted, new LeavingClientBody(aborted), new BadHttpRequestException("Unexpected end of request content."));

        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
        Assert.Equal(0, logger.Serious);
    }

    [Fact]
    public async Task A_fault_after_the_client_left_is_a_499_with_nothing_written_or_logged()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        var (context, logger) = await HandleForAsync(aborted, new MemoryStream(), new InvalidOperationException("boom"));

        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Body.Length);
        Assert.Equal(0, logger.Serious);
    }

    /// <summary>Handled (with the test database up) for a request whose abort token is
    /// <paramref name="aborted"/>'s and whose answer goes to <paramref name="body"/>.</summary>
    private async Task<(HttpContext Context, CountingLogger Logger)> HandleForAsync(CancellationTokenSource aborted, Stream body, Exception exception)
    {
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Response.Body = body;
        var logger = new CountingLogger();
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(Fixture.Database.ConnectionString);
        Assert.True(await new ApiExceptionHandler(logger, dataSource, new RecentOutage()).TryHandleAsync(context, exception, CancellationToken.None));
        return (context, logger);
    }

    [Fact]
    public async Task An_unhandled_fault_is_a_500_envelope_not_a_bare_500()
    {
        var (status, body, _) = await HandleAsync(new InvalidOperationException("boom"));

        Assert.Equal(500, status);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(10001, body.GetProperty("errors")[0].GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("result").ValueKind);
        Assert.DoesNotContain("boom", body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_api_error_is_written_with_its_status_code_and_chain()
    {
        var error = new ApiException(Errors.InvalidHeaders, "Invalid request headers", chain: [new ApiErrorItem(6103, "Invalid format for X-Auth-Key header")]);

        var (status, body, _) = await HandleAsync(error);

        Assert.Equal(400, status);
        var item = body.GetProperty("errors")[0];
        Assert.Equal(6003, item.GetProperty("code").GetInt32());
        Assert.Equal(6103, item.GetProperty("error_chain")[0].GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_fault_of_no_known_kind_while_the_database_does_not_answer_is_a_503_to_retry()
    {
        // Nothing listens on port 1: the probe is refused at once.
        var (status, body, headers) = await HandleAsync(new InvalidOperationException("boom"), "Host=127.0.0.1;Port=1;Username=postgres;Timeout=1");

        Assert.Equal(503, status);
        Assert.Equal(10002, body.GetProperty("errors")[0].GetProperty("code").GetInt32());
        Assert.Equal("1", headers.RetryAfter.ToString());
        Assert.DoesNotContain("boom", body.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The reliability suite saw a 500 for a create while PostgreSQL was down, although the
    /// handler probes the database before it answers 500: the probe answered, PostgreSQL being back
    /// (it restarts in 0.2 s) by then. A fault of no known kind shortly after this replica answered
    /// an outage is that outage's.</summary>
    [Fact]
    public async Task A_fault_of_no_known_kind_shortly_after_an_outage_is_a_503_though_the_database_answers_again()
    {
        var recent = new RecentOutage(TimeSpan.FromMilliseconds(300));
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(Fixture.Database.ConnectionString);
        var handler = new ApiExceptionHandler(NullLogger<ApiExceptionHandler>.Instance, dataSource, recent);

        Assert.Equal(500, (await HandleAsync(handler, new InvalidOperationException("boom"))).Status); // no outage yet
        Assert.Equal(503, (await HandleAsync(handler, new Npgsql.NpgsqlException("refused", new System.Net.Sockets.SocketException(111)))).Status);
        Assert.Equal(503, (await HandleAsync(handler, new InvalidOperationException("boom"))).Status);
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.Equal(500, (await HandleAsync(handler, new InvalidOperationException("boom"))).Status);
    }

    [Fact]
    public void Every_catalogue_code_is_unique_and_a_failure_status()
    {
        Assert.Equal(Errors.All.Count, Errors.All.Select(e => e.Code).Distinct().Count());
        Assert.All(Errors.All, e => Assert.InRange(e.HttpStatus, 400, 599));
        // The spec's messages schema says code >= 1000; Cloudflare's rate-limit answer (971) is the
        // one observed exception, kept as seen (docs/fidelity.md).
        Assert.All(Errors.All.Where(e => e != Errors.RateLimited), e => Assert.True(e.Code >= 1000, $"{e.Code} is below the spec's minimum of 1000"));
    }
}
