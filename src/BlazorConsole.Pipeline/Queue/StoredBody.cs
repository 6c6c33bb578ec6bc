using System.IO.Compression;

namespace BlazorConsole.Pipeline.Queue;

/// <summary>
/// Delivery bodies are stored Brotli-compressed (webhook JSON shrinks about fourfold), which keeps the database and its
/// write-ahead log small under a stream of deliveries. A leading marker byte tells compressed from plain (older rows).
/// </summary>
public static class StoredBody
{
    private const byte BrotliMarker = 0xB5;

    public static byte[] Compress(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length) + 1];
        buffer[0] = BrotliMarker;
        return BrotliEncoder.TryCompress(body, buffer.AsSpan(1), out var written, quality: 1, window: 22)
            ? buffer[..(written + 1)]
            : [.. body];
    }

    public static byte[] Decompress(byte[] stored)
    {
        if (stored.Length == 0 || stored[0] != BrotliMarker)
        {
            return stored;
        }

        using var input = new MemoryStream(stored, 1, stored.Length - 1);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        brotli.CopyTo(output);
        return output.ToArray();
    }
}
