using System.Text.Json.Serialization;

namespace AddressMaps.Api.Dns;

// Wire shapes of GET /_emulator/dns and GET /_emulator/tls/default-sni (EMULATOR.md §8, §9).

public sealed record DnsZoneView(string Id, string Name, string AccountId);

public sealed record DnsRecordView(string Name, string Type, int Ttl, string Data);

/// <summary><c>authority</c> (the SOA of a negative answer) is the emulator's addition to §8's shape.</summary>
public sealed record DnsAnswerView(
    string Name,
    string Type,
    string Rcode,
    DnsZoneView? Zone,
    IReadOnlyList<DnsRecordView> Answers,
    IReadOnlyList<DnsRecordView> Authority,
    string? Source,
    string? AddressMapId,
    IReadOnlyList<string> Trace)
{
    public static DnsAnswerView Of(DnsAnswer a) => new(
        a.Name, a.Type, a.Rcode,
        a.Zone is { } z ? new DnsZoneView(z.Id, z.Name, z.AccountId) : null,
        a.Answers.Select(View).ToList(), a.Authority.Select(View).ToList(),
        a.Source, a.AddressMapId, a.Trace);

    private static DnsRecordView View(DnsAnswerRecord r) => new(r.Name, r.Type, r.Ttl, r.Data);
}

public sealed record SniConflictView(string AddressMapId, string DefaultSni);

public sealed record DefaultSniView(string Ip, string DefaultSni, string AddressMapId, IReadOnlyList<SniConflictView> Conflicts)
{
    public static DefaultSniView Of(DefaultSniAnswer a) =>
        new(a.Ip, a.DefaultSni, a.AddressMapId, a.Conflicts.Select(c => new SniConflictView(c.AddressMapId, c.DefaultSni)).ToList());
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Envelope<DnsAnswerView>))]
[JsonSerializable(typeof(Envelope<DefaultSniView>))]
public sealed partial class DnsJsonContext : JsonSerializerContext;
