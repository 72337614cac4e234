/** What a many-shot run's in-domain split is called in headings: ImageNet, except in the simulated world. */
export function inDomainName(dataMode: string): 'ImageNet' | 'In-domain' {
  return dataMode === 'simulated' ? 'In-domain' : 'ImageNet';
}
