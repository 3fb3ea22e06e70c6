namespace AddressMaps.Api.Journal;

/// <summary>A read-through request body that keeps a copy of the first bytes the endpoint reads
/// (the journal's request_body), and counts the rest (its truncated flag).</summary>
internal sealed class CappedCopy(Stream inner, int limit) : Stream
{
    private readonly MemoryStream kept = new();

    public long Total { get; private set; }

    public bool Truncated => Total > limit;

    public string? Text => Total == 0 ? null : System.Text.Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Keep(buffer.Span[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Keep(buffer.AsSpan(offset, read));
        return read;
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        var room = (int)Math.Max(0, limit - kept.Length);
        kept.Write(bytes[..Math.Min(room, bytes.Length)]);
        Total += bytes.Length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Total; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
