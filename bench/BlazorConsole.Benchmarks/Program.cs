using BlazorConsole.Benchmarks;

// dotnet run -c Release --project bench/BlazorConsole.Benchmarks -- <scenario> [--quick] [--provider sqlite|postgres] [--runtime process|docker]
// Each scenario prints progress, then as its last line: BENCH {"scenario":...,"pass":true|false} (see shared/BENCHMARKS.md).
return await BenchmarkRunner.RunAsync(args);
