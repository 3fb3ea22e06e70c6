using System.Globalization;
using System.Text.RegularExpressions;

namespace AddressMaps.Api.AuditLogs;

/// <summary>The query of a log read (EMULATOR.md §7), parsed and checked: a bad value is 400 code
/// 1016 naming the parameter. Parameters the emulator does not filter on (zone.name, export,
/// hide_user_logs, anything else) are ignored.</summary>
public sealed partial record AuditLogFilter(
    Guid? Id, string? ActionType, string? ActorEmail, IPNetwork? ActorIp, DateTime? Since, DateTime? Before, bool Ascending, int Page, int PerPage)
{
    public const int DefaultPerPage = 100;
    public const int MaxPerPage = 1000;

    public static AuditLogFilter Parse(IQueryCollection query)
    {
        string? One(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        return new AuditLogFilter(
            One("id") is { } id ? (Guid.TryParse(id, out var g) ? g : throw Bad("id", id, "a UUID")) : null,
            NonEmpty("action.type", One("action.type")),
            NonEmpty("actor.email", One("actor.email")),
            One("actor.ip") is { } ip ? IpOrCidr(ip) : null,
            One("since") is { } since ? Time("since", since) : null,
            One("before") is { } before ? Time("before", before) : null,
            One("direction") switch
            {
                null or "desc" => false,
                "asc" => true,
                var d => throw Bad("direction", d, "'asc' or 'desc'"),
            },
            Number("page", One("page"), 1, int.MaxValue, 1),
            Number("per_page", One("per_page"), 1, MaxPerPage, DefaultPerPage));
    }

    private static string? NonEmpty(string name, string? value) =>
        value is null ? null : value.Length > 0 ? value : throw Bad(name, value, "a non-empty string");

    private static IPNetwork IpOrCidr(string value) =>
        IPAddress.TryParse(value, out var ip) && !value.Contains('/') ? new IPNetwork(ip, ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
        : IPNetwork.TryParse(value, out var net) ? net
        : throw Bad("actor.ip", value, "an IP address or a CIDR range");

    /// <summary>RFC 3339: a full-date (midnight UTC) or a date-time with its offset.</summary>
    private static DateTime Time(string name, string value) =>
        Rfc3339().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime
            : throw Bad(name, value, "an RFC 3339 date or date-time");

    private static int Number(string name, string? value, int min, int max, int absent) =>
        value is null ? absent
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
        : throw Bad(name, value, max == int.MaxValue ? $"an integer of at least {min}" : $"an integer from {min} to {max}");

    private static ApiException Bad(string name, string value, string expected) =>
        Errors.InvalidField.With($"invalid value for query parameter '{name}': '{value}' is not {expected}");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$")]
    private static partial Regex Rfc3339();
}
