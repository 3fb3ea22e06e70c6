using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace AddressMaps.Api.Dns;

/// <summary>A real authoritative DNS server on UDP and TCP at 127.0.0.1:<c>AddressMaps:Dns:Port</c>
/// (env <c>AddressMaps__Dns__Port</c>, or <c>ADDRESSMAPS_DNS_PORT</c>; 0 or unset: off), answering
/// through <see cref="DnsResolution.Resolve"/> from the <see cref="DnsSnapshot"/>, AA set. The wire
/// format is ARSoft.Tools.Net's; a packet it cannot parse is dropped by it and the server goes on.</summary>
public sealed class DnsServerHost(IConfiguration configuration, DnsSnapshot snapshot, ILogger<DnsServerHost> logger) : IHostedService
{
    public const string PortKey = "AddressMaps:Dns:Port";
    private const int TcpTimeoutMs = 5000;
    private DnsServer? server;

    /// <summary>The port configured, 0 when the server is off.</summary>
    public static int Port(IConfiguration configuration) =>
        int.TryParse(configuration[PortKey] ?? Environment.GetEnvironmentVariable("ADDRESSMAPS_DNS_PORT"), out var port) && port is > 0 and <= 65535 ? port : 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var port = Port(configuration);
        if (port == 0)
        {
            return Task.CompletedTask;
        }

        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        server = new DnsServer(new UdpServerTransport(endpoint), new TcpServerTransport(endpoint, TcpTimeoutMs, TcpTimeoutMs));
        server.QueryReceived += OnQueryAsync;
        server.ExceptionThrown += (_, e) =>
        {
            logger.LogDebug(e.Exception, "DNS server: a request was dropped");
            return Task.CompletedTask;
        };
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new InvalidOperationException(
                $"The DNS server cannot listen on {endpoint} ({e.Message}). Set ADDRESSMAPS_DNS_PORT (scripts/run) or AddressMaps__Dns__Port to a free port, or to 0 to turn it off.", e);
        }

        logger.LogInformation("DNS server (authoritative, UDP and TCP) on {DnsAddress}: dig @127.0.0.1 -p {DnsPort} shop.example A +short", endpoint, port);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        server?.Stop();
        return Task.CompletedTask;
    }

    private async Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query)
        {
            return; // an update or other opcode: dropped
        }

        e.Response = await AnswerAsync(query);
    }

    /// <summary>One DNS message in, its answer out: FORMERR for not exactly one question or a bad
    /// name, NOTIMP for a class other than IN, else what <see cref="DnsResolution"/> says;
    /// SERVFAIL while the database cannot be read.</summary>
    public async Task<DnsMessage> AnswerAsync(DnsMessage query)
    {
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = false;
        if (query.Questions.Count != 1)
        {
            response.ReturnCode = ReturnCode.FormatError;
            return response;
        }

        var question = query.Questions[0];
        if (question.RecordClass is not (RecordClass.INet or RecordClass.Any))
        {
            response.ReturnCode = ReturnCode.NotImplemented;
            return response;
        }

        var name = question.Name.ToString();
        if (DnsNames.Problem(name) is not null && name != ".")
        {
            response.ReturnCode = ReturnCode.FormatError;
            return response;
        }

        return await ResolveIntoAsync(response, name, question.RecordType);
    }

    /// <summary>Fills the response from <see cref="DnsResolution"/> (SERVFAIL while the database
    /// cannot be read).</summary>
    private async Task<DnsMessage> ResolveIntoAsync(DnsMessage response, string name, RecordType type)
    {
        DnsWorld world;
        try
        {
            world = await snapshot.GetAsync(CancellationToken.None);
        }
        catch (Exception ex) when (DatabaseOutage.IsOutage(ex))
        {
            response.ReturnCode = ReturnCode.ServerFailure;
            return response;
        }

        var answer = DnsResolution.Resolve(world, name, TypeName(type));
        response.ReturnCode = answer.Rcode switch
        {
            DnsResolution.NxDomain => ReturnCode.NxDomain,
            DnsResolution.Refused => ReturnCode.Refused,
            _ => ReturnCode.NoError,
        };
        response.IsAuthoritiveAnswer = answer.Rcode != DnsResolution.Refused;
        response.AnswerRecords.AddRange(answer.Answers.Select(ToWire));
        response.AuthorityRecords.AddRange(answer.Authority.Select(ToWire));
        return response;
    }

    /// <summary>Types the resolution knows by name; any other is answered as "no data".</summary>
    private static string TypeName(RecordType type) => type switch
    {
        RecordType.A => "A",
        RecordType.Aaaa => "AAAA",
        RecordType.CName => "CNAME",
        RecordType.Txt => "TXT",
        RecordType.Ns => "NS",
        RecordType.Soa => "SOA",
        _ => "TYPE" + ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static DnsRecordBase ToWire(DnsAnswerRecord r)
    {
        var name = DomainName.Parse(r.Name);
        switch (r.Type)
        {
            case "A":
                return new ARecord(name, r.Ttl, IPAddress.Parse(r.Data));
            case "AAAA":
                return new AaaaRecord(name, r.Ttl, IPAddress.Parse(r.Data));
            case "CNAME":
                return new CNameRecord(name, r.Ttl, DomainName.Parse(r.Data));
            case "NS":
                return new NsRecord(name, r.Ttl, DomainName.Parse(r.Data));
            case "SOA":
                var f = r.Data.Split(' ');
                return new SoaRecord(name, r.Ttl, DomainName.Parse(f[0]), DomainName.Parse(f[1]), uint.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture));
            default:
                // TXT: character-strings of at most 255 characters each.
                return new TxtRecord(name, r.Ttl, r.Data.Chunk(255).Select(c => new string(c)).ToList());
        }
    }
}
