import { NavigatedData, Page } from '@nativescript/core';
import { HomeViewModel } from './home-view-model';

export function onNavigatingTo(args: NavigatedData) {
  const page = <Page>args.object;
  if (!page.bindingContext) {
    page.bindingContext = new HomeViewModel();
  }
  (page.bindingContext as HomeViewModel).showCached();
}
