// What every SBOM reader shares about components: their id in the index, and the support data an
// SBOM may state for one (the FDA asks for each component's support level and end-of-support date).
/** A component's id: its purl (what vulnerability data and the support sidecar name it by), else its bom-ref, else name@version. */
export function componentId(fields: Record<string, string>): string | undefined {
  return fields.purl || fields.bom_ref || (fields.name ? `${fields.name}${fields.version ? `@${fields.version}` : ''}` : undefined);
}

/**
 * Support data stated in a component's properties. CycloneDX 1.4–1.6 has no field for it, so tools
 * write properties; we read any property whose name ends in `support_level` / `supportLevel` /
 * `support-level` or `end_of_support` / `endOfSupport` / `end-of-support` (after an optional
 * namespace such as `fda:` or `clause-guide:`).
 */
export function supportProperties(properties: readonly { name?: string; value?: string }[]): { support_level?: string; end_of_support?: string } {
  const found: { support_level?: string; end_of_support?: string } = {};
  for (const { name, value } of properties) {
    if (!name || !value?.trim()) continue;
    const key = name.split(':').pop()!.toLowerCase().replace(/[-_\s]/g, '');
    if (key === 'supportlevel') found.support_level ??= value.trim();
    else if (key === 'endofsupport') found.end_of_support ??= value.trim();
  }
  return found;
}
