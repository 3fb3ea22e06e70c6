using System.Diagnostics;
using System.Text;

namespace AddressMaps.Reliability;

/// <summary>Hostile input: seeded generated requests across every operation; no 5xx, every answer
/// of the application is the envelope, a refused request changes nothing, the server answers
/// normally afterwards.</summary>
public sealed class HostileCheck(Options options, DemoSeed seed, Api api)
{
    private readonly Random _rng = new(options.Seed);
    private readonly List<string> _maps = [];

    public async Task RunAsync(ApiHost host, Report report)
    {
        await using var db = await DbState.OpenAsync(options.ConnectionString);
        await TopUpMapsAsync(host);
        var before = await DbState.SnapshotAsync(db);
        var sw = Stopwatch.StartNew();
        var sent = 0;
        var changedBySuccess = 0;
        for (; sent < options.HostileCount && sw.Elapsed < options.HostileTimeLimit; sent++)
        {
            if (sent % 250 == 249)
            {
                await ProbeAsync(host, report, $"after {sent + 1} hostile requests");
                await TopUpMapsAsync(host);
                before = await DbState.SnapshotAsync(db);
            }

            var req = Generate(host.Port);
            var a = await RawHttp.SendAsync(host.Port, req, TimeSpan.FromSeconds(20));
            report.Count(a);
            var label = $"#{sent} {req.Method} {Short(req.TargetText, 110)} [{req.Kind}]";
            Judge(req, a, report, label);
            var after = await DbState.SnapshotAsync(db);
            if (after != before)
            {
                if (a.IsSuccess)
                {
                    changedBySuccess++;
                }
                else
                {
                    report.Anomaly(kind: $"{Family(req)} -> refused but changed the state", description: $"{label} was refused ({(a.Status == 0 ? a.Describe() : a.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}) but changed the state: {before} -> {after}");
                }

                before = after;
            }
        }

        await ProbeAsync(host, report, "after the hostile loop");
        if (changedBySuccess == 0 && sent >= 250)
        {
            // Accepted creates and IP puts are among the generated requests: a comparison that saw
            // none of them change the state would see no refused one do it either.
            report.Anomaly("the before/after state comparison saw no accepted request change the state: it cannot be trusted");
        }

        report.Note($"seed {options.Seed}; {sent} hostile requests in {sw.Elapsed.TotalSeconds:0.0} s; {changedBySuccess} accepted requests changed the state (allowed), every refused one was compared before/after");
    }

    private static string Family(RawRequest req)
    {
        var body = req.Body ?? [];
        var nul = body.AsSpan().IndexOf("\\u0000"u8) >= 0 || body.AsSpan().IndexOf((byte)0) >= 0;
        return $"{req.Method} {req.Kind.Split(':')[0]}{(nul && !req.Kind.Contains("NUL", StringComparison.Ordinal) ? " (a NUL inside)" : "")}";
    }

    private static string Short(string s, int n) => s.Length <= n ? s : s[..n] + $"…({s.Length} chars)";

    private static void Judge(RawRequest req, Answer a, Report report, string label)
    {
        if (a.Status == 0)
        {
            // A request abusing the transport may be cut by Kestrel without an answer.
            if (!a.TimedOut && req.Kind.StartsWith("transport", StringComparison.Ordinal))
            {
                report.Transport();
                return;
            }

            report.Anomaly($"{label}: {a.Describe()}", $"{Family(req)} -> no answer");
            return;
        }

        if (a.Status >= 500 && a.Status != 505)
        {
            report.Anomaly($"{label}: 5xx from the application: {a.Describe()}", $"{Family(req)} -> {a.Status}");
            return;
        }

        if (EnvelopeCheck.IsTransportLevel(a))
        {
            report.Transport();
            return;
        }

        var problem = EnvelopeCheck.Problem(a, req.Method == "HEAD");
        if (problem is not null)
        {
            report.Anomaly($"{label}: not the envelope ({problem}): {a.Describe()}", $"{Family(req)} -> not the envelope");
            return;
        }

        // A well-aimed request (valid credential, existing map, its own method) with a body over
        // 1 MiB must be refused for its size; others may be refused earlier for other reasons.
        if (req.Kind.StartsWith("oversized, well-aimed", StringComparison.Ordinal) && a.Status is not (400 or 413))
        {
            report.Anomaly($"{label}: an oversized body answered {a.Status}, expected 400 or 413", $"oversized -> {a.Status}");
        }
    }

    /// <summary>A well-formed read must still answer 200 with the envelope.</summary>
    private async Task ProbeAsync(ApiHost host, Report report, string when)
    {
        var a = await api.SendAsync(host, HttpMethod.Get, api.MapsPath);
        if (a.Status != 200 || EnvelopeCheck.Problem(a) is { } p)
        {
            report.Anomaly($"the server does not answer normally {when}: {a.Describe()}", "not answering normally");
        }
    }

    /// <summary>Keeps a few enabled maps to aim at; removes the surplus the hostile loop created.</summary>
    private async Task TopUpMapsAsync(ApiHost host)
    {
        var list = await api.SendAsync(host, HttpMethod.Get, api.MapsPath);
        var ids = new List<string>();
        if (list.Status == 200)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(list.Body);
            ids.AddRange(doc.RootElement.GetProperty("result").EnumerateArray()
                .Where(m => m.GetProperty("can_delete").GetBoolean())
                .Select(m => m.GetProperty("id").GetString()!));
        }

        _maps.RemoveAll(m => !ids.Contains(m));
        foreach (var id in ids.Where(i => !_maps.Contains(i)).ToList())
        {
            // Created by a hostile request: delete it so that the tables stay small.
            await api.SendAsync(host, HttpMethod.Patch, $"{api.MapsPath}/{id}", "{\"enabled\":false}");
            await api.SendAsync(host, HttpMethod.Delete, $"{api.MapsPath}/{id}");
        }

        while (_maps.Count < 3)
        {
            var ip = DemoSeed.Nth(seed.V4Prefixes[0], 1 + _maps.Count);
            _maps.Add(await api.CreateMapAsync(host, $"{{\"description\":\"hostile target\",\"enabled\":true,\"ips\":[\"{ip}\"]}}"));
        }
    }

    // ---- generation ---------------------------------------------------------------------

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];
    private bool Chance(double p) => _rng.NextDouble() < p;

    private string Hex(int n)
    {
        var sb = new StringBuilder(n);
        for (var i = 0; i < n; i++)
        {
            sb.Append("0123456789abcdef"[_rng.Next(16)]);
        }

        return sb.ToString();
    }

    private string BadId() => _rng.Next(12) switch
    {
        0 => Hex(33 + _rng.Next(5000)),
        1 => Hex(32).ToUpperInvariant(),
        2 => Guid.NewGuid().ToString(),
        3 => Hex(31),
        4 => Hex(16) + "%00" + Hex(13),
        5 => Hex(16) + "%2F" + Hex(15),
        6 => "%2e%2e",
        7 => Hex(30) + "%C3%28",
        8 => "%FF%FE" + Hex(28),
        9 => Hex(32) + "%20",
        10 => Hex(10) + "%252F" + Hex(10),
        _ => "",
    };

    private string AccountId() => _rng.Next(20) switch
    {
        < 14 => seed.AccountId,
        < 16 => Pick(seed.Others).Account,
        17 => Hex(32),
        _ => BadId(),
    };

    private string MapId() => _rng.Next(20) switch
    {
        < 11 => Pick(_maps),
        < 13 => Pick(seed.ManagedMapIds),
        < 16 => Hex(32),
        _ => BadId(),
    };

    private string ZoneId() => _rng.Next(10) switch
    {
        < 5 => Pick(seed.Zones),
        5 => Pick(seed.Others.SelectMany(o => o.Zones).ToList()),
        6 => Hex(32),
        _ => BadId(),
    };

    private string OwnedIp() => Chance(0.6)
        ? DemoSeed.Nth(Pick(seed.V4Prefixes), _rng.Next(1, 255))
        : DemoSeed.Nth(Pick(seed.V6Prefixes), _rng.Next(1, 1 << 20));

    private string IpText() => _rng.Next(22) switch
    {
        < 6 => OwnedIp(),
        6 => $"{_rng.Next(256)}.{_rng.Next(256)}.{_rng.Next(256)}.{_rng.Next(256)}",
        7 => DemoSeed.Nth(Pick(seed.V4Prefixes), 0) + "/24",
        8 => DemoSeed.Nth(Pick(seed.V4Prefixes), 0) + "%2F24",
        9 => new string('1', 100 + _rng.Next(20000)),
        10 => OwnedIp() + "%00",
        11 => "%2e%2e%2f%2e%2e%2f" + Hex(8),
        12 => "::ffff:" + DemoSeed.Nth(Pick(seed.V4Prefixes), 7),
        13 => OwnedIp().ToUpperInvariant(),
        14 => OwnedIp() + "%25eth0",
        15 => "%C3%28",
        16 => "1.2.3.4/../../../" + Hex(4),
        17 => "0x" + Hex(8),
        18 => "%20" + OwnedIp(),
        19 => string.Join(':', Enumerable.Range(0, 9).Select(_ => Hex(4))),
        20 => "localhost",
        _ => "",
    };

    private string OpPath(int op, out string method, out bool hasBody)
    {
        var baseMaps = $"/client/v4/accounts/{AccountId()}/addressing/address_maps";
        hasBody = false;
        switch (op)
        {
            case 0:
                method = "GET";
                return baseMaps + _rng.Next(4) switch
                {
                    0 => "",
                    1 => "?ip=" + IpText(),
                    2 => "?cidr=" + IpText() + (Chance(0.5) ? "%2F" + _rng.Next(-5, 200) : ""),
                    _ => "?ip=" + IpText() + "&cidr=" + IpText() + "&ip=" + IpText(),
                };
            case 1: method = "POST"; hasBody = true; return baseMaps;
            case 2: method = "GET"; return $"{baseMaps}/{MapId()}";
            case 3: method = "PATCH"; hasBody = true; return $"{baseMaps}/{MapId()}";
            case 4: method = "DELETE"; return $"{baseMaps}/{MapId()}";
            case 5: method = "PUT"; return $"{baseMaps}/{MapId()}/ips/{IpText()}";
            case 6: method = "DELETE"; return $"{baseMaps}/{MapId()}/ips/{IpText()}";
            case 7: method = "PUT"; return $"{baseMaps}/{MapId()}/zones/{ZoneId()}";
            case 8: method = "DELETE"; return $"{baseMaps}/{MapId()}/zones/{ZoneId()}";
            case 9: method = "PUT"; return $"{baseMaps}/{MapId()}/accounts/{AccountId()}";
            case 10: method = "DELETE"; return $"{baseMaps}/{MapId()}/accounts/{AccountId()}";
            case 11: method = "GET"; return $"/client/v4/accounts/{AccountId()}/addressing/prefixes";
            case 12: method = "GET"; return $"/client/v4/accounts/{AccountId()}/addressing/prefixes/{(Chance(0.6) ? Pick(seed.PrefixIds) : BadId())}";
            case 13: method = "GET"; return "/client/v4/user/tokens/verify";
            default: method = "GET"; return $"/client/v4/accounts/{AccountId()}/addressing/emulator/zones/{ZoneId()}/effective_address_map";
        }
    }

    private string PathTrick(string path) => _rng.Next(8) switch
    {
        0 => path.Replace("/addressing/", "//addressing//", StringComparison.Ordinal),
        1 => path.Replace("/addressing/", "/addressing/./", StringComparison.Ordinal),
        2 => path.Replace("/addressing/", "/addressing/x/../", StringComparison.Ordinal),
        3 => path.Replace("/addressing/", "/addressing%2F", StringComparison.Ordinal),
        4 => path.Replace("/address_maps", "/%61ddress_maps", StringComparison.Ordinal),
        5 => path.Replace("/addressing/", "/addressing\\", StringComparison.Ordinal),
        6 => path + "/",
        _ => path + "?" + new string('a', _rng.Next(1, 9000)) + "=%00",
    };

    private void AddCredentials(RawRequest req)
    {
        var roll = _rng.Next(20);
        if (roll < 9)
        {
            req.Header("Authorization", "Bearer " + seed.WriteToken);
        }
        else if (roll < 15)
        {
            req.Header("X-Auth-Email", seed.Email);
            req.Header("X-Auth-Key", seed.GlobalKey);
        }
        else if (roll == 15 && seed.ReadToken is not null)
        {
            req.Header("Authorization", "Bearer " + seed.ReadToken);
        }
        else if (roll == 16)
        {
            var other = Pick(seed.Others);
            req.Header("Authorization", "Bearer " + (other.Token ?? seed.WriteToken));
        }
        else if (roll == 17)
        {
            req.Header("Authorization", Pick(["Bearer " + Hex(40), "Bearer", "Basic Zm9vOmJhcg==", "Bearer " + new string('A', 5000), "bearer " + seed.WriteToken]));
        }
        else if (roll == 18)
        {
            req.Headers.Add(("X-Auth-Email", [0xC3, 0x28, (byte)'@', (byte)'x']));
            req.Header("X-Auth-Key", Pick([seed.GlobalKey.ToUpperInvariant(), Hex(37), "", new string('0', 4000)]));
        }
        // else: no credentials at all
    }

    private byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private string JsonValueOfWrongType() => _rng.Next(14) switch
    {
        0 => "1",
        1 => "-0",
        2 => "1e400",
        3 => "true",
        4 => "\"x\"",
        5 => "[]",
        6 => "{}",
        7 => "null",
        8 => "[1,2,{\"a\":[null]}]",
        9 => "{\"identifier\":1,\"kind\":[]}",
        10 => "\"\\ud800\"",
        11 => "\"a\\u0000b\"",
        12 => "18446744073709551616",
        _ => "\"" + new string('z', _rng.Next(1, 300000)) + "\"",
    };

    private string FieldValue(string field)
    {
        if (Chance(0.45))
        {
            return JsonValueOfWrongType();
        }

        return field switch
        {
            "description" => Pick(["\"d\"", "null", "\"\"", "\"nul\\u0000inside\"", "\"caf\\u00e9 \\ud83d\\ude00\"", "\"" + new string('d', 5000) + "\""]),
            "enabled" => Pick(["true", "false", "null"]),
            "default_sni" => Pick(["null", "\"example.com\"", "\"*.example.com\"", "\"-bad-.example.com\"", "\"" + new string('a', 300) + ".example.com\"", "\"a..b\""]),
            "ips" => "[" + string.Join(',', Enumerable.Range(0, _rng.Next(0, Chance(0.05) ? 1000 : 6)).Select(_ => Chance(0.85) ? "\"" + OwnedIp() + "\"" : JsonValueOfWrongType())) + "]",
            _ => "[" + string.Join(',', Enumerable.Range(0, _rng.Next(0, 4)).Select(_ => Chance(0.7)
                ? $"{{\"kind\":{Pick(["\"zone\"", "\"account\"", "\"Zone\"", "1", "null", "\"\""])},\"identifier\":\"{(Chance(0.5) ? ZoneId() : AccountId())}\"}}"
                : JsonValueOfWrongType())) + "]",
        };
    }

    private (byte[]? Body, string Kind, BodyMode Mode) Body(bool wanted)
    {
        var roll = _rng.Next(100);
        if (!wanted && roll < 50)
        {
            return (null, "no body", BodyMode.Fixed);
        }

        string[] fields = ["description", "enabled", "ips", "memberships", "default_sni"];
        switch (wanted && Chance(0.3) ? Pick([9, 10, 11]) : roll % 20)
        {
            case < 7:
            {
                var chosen = fields.Where(_ => Chance(0.6)).ToList();
                var json = "{" + string.Join(',', chosen.Select(f => $"\"{f}\":{FieldValue(f)}")) + "}";
                return (Utf8(json), "fields:" + string.Join('+', chosen), BodyMode.Fixed);
            }
            case 7:
            {
                var bytes = new byte[_rng.Next(0, 3000)];
                _rng.NextBytes(bytes);
                return (bytes, "random bytes", BodyMode.Fixed);
            }
            case 8:
            {
                var depth = Pick([65, 200, 5000, 100000]);
                var open = Chance(0.5) ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                var json = "{\"description\":" + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + "}";
                return (Utf8(json), $"deep nesting {depth}", BodyMode.Fixed);
            }
            case 9:
            {
                var f = Pick(fields);
                return (Utf8($"{{\"{f}\":{FieldValue(f)},\"{f}\":{FieldValue(f)}}}"), "duplicate key " + f, BodyMode.Fixed);
            }
            case 10:
            {
                // Invalid UTF-8 in a value or in a key.
                var inKey = Chance(0.5);
                var bad = Pick<byte[]>([[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xC0, 0xAF]]);
                using var ms = new MemoryStream();
                ms.Write(inKey ? "{\"desc"u8 : "{\"description\":\"a"u8);
                ms.Write(bad);
                ms.Write(inKey ? "ription\":\"x\"}"u8 : "b\"}"u8);
                return (ms.ToArray(), inKey ? "invalid UTF-8 in a key" : "invalid UTF-8 in a value", BodyMode.Fixed);
            }
            case 11:
                return Chance(0.5)
                    ? (Utf8("{\"description\":\"a\\u0000b\"}"), "NUL escaped in description", BodyMode.Fixed)
                    : ([.. "{\"description\":\"a"u8, 0, .. "b\"}"u8], "raw NUL byte", BodyMode.Fixed);
            case 12:
                return (Utf8(Pick(["[]", "\"str\"", "42", "null", "true", "{", "{\"a\"", "{}garbage", "{\"enabled\":tru}", "\uFEFF{}", "{'a':1}", "{\"a\":1,}"])), "not an object / truncated", BodyMode.Fixed);
            case 13 when _rng.Next(4) == 0:
            {
                var size = (1024 * 1024) + _rng.Next(1, 1024 * 1024);
                var json = "{\"description\":\"" + new string('h', size) + "\"}";
                return (Utf8(json), "oversized body", Chance(0.3) ? BodyMode.Chunked : BodyMode.Fixed);
            }
            case 14 when _rng.Next(8) == 0:
                return (null, "oversized endless body", BodyMode.Endless);
            case 15:
                return (Utf8("{\"ips\":[" + string.Join(',', Enumerable.Range(0, _rng.Next(100, 1000)).Select(i => "\"" + DemoSeed.Nth(seed.V6Prefixes[0], 0x100000 + _rng.Next(1 << 24)) + "\"")) + "]}"), "many ips", BodyMode.Fixed);
            case 16:
            {
                var f = Pick(fields);
                return (Utf8($"{{\"{f}\":{FieldValue(f)},\"unknown_{Hex(4)}\":{JsonValueOfWrongType()}}}"), "unknown key", BodyMode.Chunked);
            }
            default:
                return (Utf8("{}"), "{}", BodyMode.Fixed);
        }
    }

    public RawRequest Generate(int port)
    {
        var req = new RawRequest();
        // Bodies matter most: a third of the requests are creates or edits.
        var op = Chance(0.3) ? Pick([1, 3]) : _rng.Next(15);
        var path = OpPath(op, out var method, out var hasBody);
        if (Chance(0.1))
        {
            path = PathTrick(path);
        }

        req.Method = Chance(0.08) ? Pick(["FOO", "PROPFIND", "TRACE", "OPTIONS", "HEAD", "get", "PATCH", "PUT", "POST", "DELETE", "M-SEARCH"]) : method;
        req.Target = Encoding.ASCII.GetBytes(path);
        AddCredentials(req);
        var (body, kind, mode) = Body(hasBody);
        req.Body = body;
        req.Mode = mode;
        req.Kind = kind;
        if (body is not null && Chance(0.85))
        {
            req.Header("Content-Type", Pick(["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "multipart/form-data; boundary=x"]));
        }

        if (req.Kind.StartsWith("oversized", StringComparison.Ordinal) && Chance(0.7))
        {
            var demoMaps = $"/client/v4/accounts/{seed.AccountId}/addressing/address_maps";
            (req.Method, path) = _rng.Next(4) switch
            {
                0 => ("POST", demoMaps),
                1 => ("PATCH", $"{demoMaps}/{Pick(_maps)}"),
                2 => ("PUT", $"{demoMaps}/{Pick(_maps)}/ips/{OwnedIp()}"),
                _ => ("DELETE", $"{demoMaps}/{Pick(_maps)}/zones/{Pick(seed.Zones)}"),
            };
            req.Target = Encoding.ASCII.GetBytes(path);
            req.Headers.RemoveAll(h => h.Name is "Authorization" or "X-Auth-Email" or "X-Auth-Key");
            req.Header("Authorization", "Bearer " + seed.WriteToken);
            req.Kind = "oversized, well-aimed: " + req.Kind;
            return req;
        }

        // Transport-level abuse, a small share.
        if (Chance(0.04))
        {
            switch (_rng.Next(7))
            {
                case 0:
                    var line = new byte[_rng.Next(1, 200)];
                    _rng.NextBytes(line);
                    req.RequestLine = line;
                    req.Kind = "transport: random request line";
                    break;
                case 1:
                    req.Version = Pick(["HTTP/2.0", "HTTP/9.9", "HTTX/1.1", "HTTP/1.1 extra"]);
                    req.Kind = "transport: bad version";
                    break;
                case 2:
                    req.Header("X-Big", new string('b', 40000 + _rng.Next(40000)));
                    req.Kind = "transport: huge header";
                    break;
                case 3:
                    req.Target = [.. req.Target, 0xC3, 0x28, 0x00];
                    req.Kind = "transport: raw bytes in target";
                    break;
                case 4:
                    req.OmitHost = true;
                    req.Kind = "transport: no Host";
                    break;
                case 5:
                    req.Mode = BodyMode.AsIs;
                    req.Header("Content-Length", "5");
                    req.Header("Transfer-Encoding", "chunked");
                    req.Body = "0\r\n\r\n"u8.ToArray();
                    req.Kind = "transport: Content-Length with chunked";
                    break;
                default:
                    req.Target = Encoding.ASCII.GetBytes("/client/v4/accounts/" + new string('a', 20000 + _rng.Next(60000)));
                    req.Kind = "transport: overlong target";
                    break;
            }
        }

        _ = port;
        return req;
    }
}
