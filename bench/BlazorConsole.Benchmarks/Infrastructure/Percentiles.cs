namespace BlazorConsole.Benchmarks.Infrastructure;

internal static class Percentiles
{
    /// <summary>Nearest-rank percentile of <paramref name="values"/> (sorted here).</summary>
    public static double Of(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
