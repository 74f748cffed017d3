// Work a command will need later, started while DuckDB computes so that it is done when it is needed (issue 13).

/**
 * Loads what the main thread needs to render department emails (the render pool gives it departments too):
 * the department files' modules and the compiled MJML template (read precompiled; mjml is loaded and run only
 * when templates/email/department.compiled.json is stale). Never rejects: a template that fails to compile is
 * not cached, so the render itself reports the error.
 */
export async function preloadDepartmentRendering(): Promise<void> {
  try {
    const [, { compiledDepartmentTemplate }] = await Promise.all([
      import('../publish/department-files.ts'),
      import('../render/email/compile.ts'),
    ]);
    await compiledDepartmentTemplate();
  } catch {
    // Reported where it matters, by the render.
  }
}
