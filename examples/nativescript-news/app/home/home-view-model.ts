import { ItemEventData, Observable, ObservableArray, Utils } from '@nativescript/core';
import {
  fetchTopHeadlines,
  Headline,
  isRead,
  loadCachedHeadlines,
  markRead,
  saveHeadlines,
} from '../services/headlines';

interface HeadlineItem extends Headline {
  read: boolean;
  age: string;
}

function ageOf(publishedAt: string): string {
  const minutes = Math.max(0, Math.round((Date.now() - new Date(publishedAt).getTime()) / 60000));
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  return hours < 24 ? `${hours} h ago` : `${Math.round(hours / 24)} d ago`;
}

export class HomeViewModel extends Observable {
  readonly headlines = new ObservableArray<HeadlineItem>();
  private _updatedText = '';
  private _loading = false;

  get updatedText(): string {
    return this._updatedText;
  }

  set updatedText(value: string) {
    if (value !== this._updatedText) {
      this._updatedText = value;
      this.notifyPropertyChange('updatedText', value);
    }
  }

  /** Shows what the last refresh (foreground or background) stored. */
  showCached(): void {
    const cached = loadCachedHeadlines();
    this.show(cached.headlines);
    this.updatedText = cached.savedAt
      ? `Updated ${new Date(cached.savedAt).toLocaleString()}`
      : 'Pull the latest stories with Refresh';
  }

  refresh = async (): Promise<void> => {
    if (this._loading) {
      return;
    }
    this._loading = true;
    this.updatedText = 'Updating…';
    try {
      const headlines = await fetchTopHeadlines();
      saveHeadlines(headlines);
      this.show(headlines);
      this.updatedText = `Updated ${new Date().toLocaleString()}`;
    } catch (error) {
      this.updatedText = `Could not update: ${error}`;
    } finally {
      this._loading = false;
    }
  };

  onItemTap = (args: ItemEventData): void => {
    const item = this.headlines.getItem(args.index);
    markRead(item.id);
    this.headlines.setItem(args.index, { ...item, read: true });
    Utils.openUrl(item.url);
  };

  private show(headlines: Headline[]): void {
    this.headlines.splice(
      0,
      this.headlines.length,
      ...headlines.map((headline) => ({ ...headline, read: isRead(headline.id), age: ageOf(headline.publishedAt) })),
    );
  }
}
